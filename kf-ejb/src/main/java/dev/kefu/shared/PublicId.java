package dev.kefu.shared;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Identifiers that are safe to show to anyone: a short type prefix and 128 random bits, so an
 * identifier says what it names and cannot be guessed or enumerated.
 */
public final class PublicId {

  private static final SecureRandom RANDOM = new SecureRandom();

  private PublicId() {}

  /** A new identifier such as {@code c-3q2Xf9...} for the given type prefix. */
  public static String next(String prefix) {
    return prefix + "-" + randomToken(16);
  }

  /** {@code bytes} random bytes, URL-safe base64 without padding. */
  public static String randomToken(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
