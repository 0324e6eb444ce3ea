package dev.kefu.visitor.control;

import dev.kefu.shared.Text;
import dev.kefu.visitor.entity.Visitor;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the identity a site's back end vouches for: hex HMAC-SHA256, keyed with the site secret,
 * over {@code userId + ":" + ts}, accepted only while {@code ts} is within the window of now.
 */
public final class IdentityHash {

  private IdentityHash() {}

  public static String of(String siteSecret, String userId, long ts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(siteSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((userId + ":" + ts).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Whether {@code hash} is right and fresh; compared in constant time. A user id that a visitor
   * could not keep as it is never verifies: one that is blank, not valid text ({@link Text}: its
   * lone surrogates would be hashed as {@code ?}, like another id's question marks) or longer than
   * {@link Visitor#MAX_EXTERNAL_USER_ID} (cut to it, it would be another user's).
   */
  public static boolean verifies(
      String siteSecret, String userId, long ts, String hash, Instant now, Duration window) {
    if (userId == null
        || userId.isBlank()
        || userId.length() > Visitor.MAX_EXTERNAL_USER_ID
        || !Text.acceptable(userId)
        || hash == null) {
      return false;
    }
    // Counted exactly: a ts so far from now that the difference overflows is not fresh (it
    // wrapped around to Long.MIN_VALUE, whose Math.abs is negative and so within any window).
    long age;
    try {
      age = Math.absExact(Math.subtractExact(now.getEpochSecond(), ts));
    } catch (ArithmeticException farOff) {
      return false;
    }
    if (age > window.getSeconds()) {
      return false;
    }
    byte[] expected = of(siteSecret, userId, ts).getBytes(StandardCharsets.US_ASCII);
    byte[] given =
        hash.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }
}
