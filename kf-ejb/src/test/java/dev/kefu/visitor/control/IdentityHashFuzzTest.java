package dev.kefu.visitor.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kefu.shared.FuzzText;
import dev.kefu.shared.Text;
import dev.kefu.visitor.entity.Visitor;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@link IdentityHash#verifies} answers true or false for any user id, time and hash text, never
 * with an exception, and true exactly when the hash was made with the site's secret for this very
 * user id and time, the time is within the window of now (counted without overflow), and the user
 * id is one Kefu stores as it is (valid text, not blank, not longer than a visitor's user id may
 * be, so that no two ids are taken for one).
 *
 * <p>The input is read with Jazzer's {@link FuzzedDataProvider}: now (any second an {@link Instant}
 * can be), the identity's age (any {@code long}: its time is now minus the age, wrapped around),
 * the window, how the hash is made, the user id and another text.
 */
class IdentityHashFuzzTest {

  private static final String SECRET = "site-secret";

  private enum Signed {
    RIGHT,
    RIGHT_IN_UPPER_CASE_WITH_SPACES,
    FOR_THE_OTHER_USER_ID,
    FOR_ANOTHER_TIME,
    THE_OTHER_TEXT,
    NOT_AT_ALL
  }

  @FuzzTest
  void verifiesOnlyWhatWasSignedForThisVeryIdentity(FuzzedDataProvider data) {
    long now = data.consumeLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
    long age = data.consumeLong();
    long ts = now - age;
    long window = data.consumeLong(0, Integer.MAX_VALUE);
    Signed signed = data.pickValue(Signed.values());
    byte[] user = data.consumeBytes(300);
    String userId = FuzzText.of(user, 0, user.length);
    byte[] rest = data.consumeRemainingAsBytes();
    String other = FuzzText.of(rest, 0, rest.length);

    String hash =
        switch (signed) {
          case RIGHT -> IdentityHash.of(SECRET, userId, ts);
          case RIGHT_IN_UPPER_CASE_WITH_SPACES ->
              " " + IdentityHash.of(SECRET, userId, ts).toUpperCase(Locale.ROOT) + "\t";
          case FOR_THE_OTHER_USER_ID -> IdentityHash.of(SECRET, other, ts);
          case FOR_ANOTHER_TIME -> IdentityHash.of(SECRET, userId, ts ^ 1);
          case THE_OTHER_TEXT -> other;
          case NOT_AT_ALL -> null;
        };

    boolean verified =
        IdentityHash.verifies(
            SECRET, userId, ts, hash, Instant.ofEpochSecond(now), Duration.ofSeconds(window));

    boolean stored =
        !userId.isBlank()
            && userId.length() <= Visitor.MAX_EXTERNAL_USER_ID
            && Text.acceptable(userId);
    boolean fresh =
        BigInteger.valueOf(now)
                .subtract(BigInteger.valueOf(ts))
                .abs()
                .compareTo(BigInteger.valueOf(window))
            <= 0;
    boolean signedForIt =
        switch (signed) {
          case RIGHT, RIGHT_IN_UPPER_CASE_WITH_SPACES -> true;
          case FOR_THE_OTHER_USER_ID -> other.equals(userId);
          case FOR_ANOTHER_TIME, NOT_AT_ALL -> false;
          case THE_OTHER_TEXT -> other.trim().equalsIgnoreCase(IdentityHash.of(SECRET, userId, ts));
        };
    assertEquals(
        stored && fresh && signedForIt,
        verified,
        () ->
            String.format(
                "user id %s, ts %d, now %d, window %d, hash %s (%s)",
                userId.codePoints().mapToObj(Integer::toHexString).toList(),
                ts,
                now,
                window,
                hash,
                signed));
  }
}
