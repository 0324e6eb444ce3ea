package dev.kefu.agent.control;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.logging.Logger;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes with a per-user random salt, stored as {@code
 * pbkdf2-sha256$iterations$salt$hash} so the work factor can grow without breaking old hashes.
 *
 * <p>New hashes take {@link #ITERATIONS} rounds unless the system property {@code
 * kf.passwords.iterations} sets another number, at least {@link #LEAST_ITERATIONS}. Fewer rounds
 * are for test servers only, whose sign-ins are otherwise most of their work; a node started so
 * says it with a warning.
 */
public final class PasswordHash {

  static final int ITERATIONS = 210_000;
  static final int LEAST_ITERATIONS = 1_000;
  private static final Logger LOG = Logger.getLogger(PasswordHash.class.getName());
  private static final int WORK_FACTOR = workFactor(System.getProperty("kf.passwords.iterations"));
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  public static String of(char[] password) {
    return of(password, WORK_FACTOR);
  }

  /** The rounds of new hashes for the setting given (null: not set). */
  static int workFactor(String setting) {
    if (setting == null || setting.isBlank()) {
      return ITERATIONS;
    }
    int rounds;
    try {
      rounds = Integer.parseInt(setting.trim());
    } catch (NumberFormatException e) {
      rounds = 0;
    }
    if (rounds < LEAST_ITERATIONS) {
      LOG.warning(
          "kf.passwords.iterations="
              + setting
              + " is not a whole number of at least "
              + LEAST_ITERATIONS
              + ": new password hashes take "
              + ITERATIONS
              + " rounds");
      return ITERATIONS;
    }
    if (rounds < ITERATIONS) {
      LOG.warning(
          "kf.passwords.iterations="
              + rounds
              + ": new password hashes take fewer rounds than the "
              + ITERATIONS
              + " they need against guessing; this is for test servers only");
    }
    return rounds;
  }

  static String of(char[] password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /** Whether {@code password} matches {@code stored}; false for a null or malformed hash. */
  public static boolean matches(char[] password, String stored) {
    if (stored == null || password == null) {
      return false;
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
    }
  }
}
