package dev.kefu.shared;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Identifiers that are safe to show to anyone: a short type prefix and random bits, so an
 * identifier says what it names and cannot be guessed or enumerated.
 */
public final class PublicId {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Milliseconds since 1970 in base 36 take 9 digits until the year 5188. */
  private static final int TIME_DIGITS = 9;

  private PublicId() {}

  /** A new identifier such as {@code s-3q2Xf9...} for the given type prefix: 128 random bits. */
  public static String next(String prefix) {
    return prefix + "-" + randomToken(16);
  }

  /**
   * A new identifier of a row that is written once and added to often (a message, a page view, an
   * audit event), such as {@code m-0mispx7d4QJ0c…}: the time in milliseconds since 1970, in base 36
   * with lower-case letters, then 96 random bits. The ids of such a table grow with time, so its
   * primary key, which InnoDB stores the rows in, takes new rows at its end, in pages that are in
   * memory; random ids put each new row in a random page of the table, which once the table
   * outgrows the database's buffer pool must first be read from disk. Still not guessable; it tells
   * when it was made, which the row says anyway. Base 36 keeps the order under any collation,
   * including a case-insensitive one.
   */
  public static String ordered(String prefix) {
    return ordered(prefix, System.currentTimeMillis());
  }

  static String ordered(String prefix, long epochMillis) {
    String time = Long.toString(epochMillis, 36);
    StringBuilder id = new StringBuilder(prefix.length() + 1 + TIME_DIGITS + 16);
    id.append(prefix).append('-');
    id.append("0".repeat(Math.max(0, TIME_DIGITS - time.length()))).append(time);
    return id.append(randomToken(12)).toString();
  }

  /** {@code bytes} random bytes, URL-safe base64 without padding. */
  public static String randomToken(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
