package dev.kefu.visitor.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.visitor.entity.Visitor;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdentityHashTest {

  private static final String SECRET = "site-secret";
  private final Instant now = Instant.ofEpochSecond(1_795_500_000L);
  private final Duration day = Duration.ofHours(24);

  @Test
  void isTheHexHmacOfUserIdColonTs() {
    // Computed independently: printf 'u-42:1795500000' | openssl dgst -sha256 -hmac site-secret
    assertThat(IdentityHash.of(SECRET, "u-42", 1_795_500_000L))
        .isEqualTo("08784cc12f70a741b435b68e507cc71c539f5f0f64c5d0f3e0419d8972eb7270");
  }

  @Test
  void acceptsARightAndFreshHashOnly() {
    long ts = now.getEpochSecond() - 60;
    String hash = IdentityHash.of(SECRET, "u-42", ts);
    assertThat(IdentityHash.verifies(SECRET, "u-42", ts, hash, now, day)).isTrue();
    assertThat(IdentityHash.verifies(SECRET, "u-42", ts, hash.toUpperCase(), now, day)).isTrue();
    assertThat(IdentityHash.verifies(SECRET, "u-43", ts, hash, now, day)).isFalse();
    assertThat(IdentityHash.verifies("other", "u-42", ts, hash, now, day)).isFalse();
    assertThat(IdentityHash.verifies(SECRET, "u-42", ts + 1, hash, now, day)).isFalse();
    assertThat(IdentityHash.verifies(SECRET, "u-42", ts, null, now, day)).isFalse();
  }

  @Test
  void aUserIdThatAVisitorCouldNotKeepAsItIsNeverVerifies() {
    long ts = now.getEpochSecond();
    for (String userId :
        new String[] {
          "u-\ud800", "u\u0000", "u-42\u001b[0m", " ", "u".repeat(Visitor.MAX_EXTERNAL_USER_ID + 1)
        }) {
      String hash = IdentityHash.of(SECRET, userId, ts);
      assertThat(IdentityHash.verifies(SECRET, userId, ts, hash, now, day)).as(userId).isFalse();
    }
    // A lone surrogate is hashed as "?", as the question mark of another id is.
    String other = IdentityHash.of(SECRET, "u-?", ts);
    assertThat(IdentityHash.verifies(SECRET, "u-\ud800", ts, other, now, day)).isFalse();
    String longest = "u".repeat(Visitor.MAX_EXTERNAL_USER_ID);
    String hash = IdentityHash.of(SECRET, longest, ts);
    assertThat(IdentityHash.verifies(SECRET, longest, ts, hash, now, day)).isTrue();
  }

  @Test
  void aLeakedHashStopsWorkingAfterTheWindow() {
    long ts = now.getEpochSecond() - day.getSeconds() - 1;
    String hash = IdentityHash.of(SECRET, "u-42", ts);
    assertThat(IdentityHash.verifies(SECRET, "u-42", ts, hash, now, day)).isFalse();
  }

  @Test
  void aTsSoFarOffThatItsAgeOverflowsIsNotFresh() {
    // now - ts is 2^63: it wrapped around to Long.MIN_VALUE, and Math.abs of that is negative.
    long ts = now.getEpochSecond() + Long.MIN_VALUE;
    String hash = IdentityHash.of(SECRET, "u-42", ts);
    assertThat(IdentityHash.verifies(SECRET, "u-42", ts, hash, now, day)).isFalse();
    for (long far : new long[] {Long.MIN_VALUE, Long.MAX_VALUE}) {
      String farHash = IdentityHash.of(SECRET, "u-42", far);
      assertThat(IdentityHash.verifies(SECRET, "u-42", far, farHash, Instant.EPOCH, day)).isFalse();
      assertThat(IdentityHash.verifies(SECRET, "u-42", far, farHash, now, day)).isFalse();
    }
  }
}
