package dev.kefu.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts personal data for the database with a key ring: AES-256-GCM under the current key, a
 * random 96-bit nonce per value, stored as {@code kf1:<keyId>:<base64(nonce|ciphertext|tag)>}. A
 * value is opened with the key its id names, so values sealed under an older key of the ring still
 * read after a rotation; a value without the prefix was stored before encryption and reads as it
 * is. Exact-match lookups go by a keyed hash ({@link #index}) instead of the value.
 *
 * <p>A key's id is derived from the key itself (an HMAC of a fixed label, 8 hex digits), so an
 * operator never has to name keys, two installations' ids say nothing about each other, and a key
 * given under a wrong id cannot exist. Immutable and safe for concurrent use.
 */
public final class DataCipher {

  /** The start of every sealed value. */
  public static final String PREFIX = "kf1:";

  /** The length of a key in bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] ID_LABEL = "kefu data key id".getBytes(StandardCharsets.UTF_8);
  private static final byte[] INDEX_LABEL = "kefu blind index v1".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
  private final Map<String, SecretKeySpec> indexKeys = new LinkedHashMap<>();
  private final String currentId;

  /** A value that cannot be opened: its key is not in the ring, or it was changed or cut. */
  public static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /**
   * The ring of these keys (32 bytes each), the first one current: new values are sealed under it.
   */
  public DataCipher(List<byte[]> ring) {
    if (ring.isEmpty()) {
      throw new IllegalArgumentException("a key ring needs at least one key");
    }
    for (byte[] key : ring) {
      if (key.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "a data key is " + KEY_BYTES + " bytes, not " + key.length);
      }
      String id = idOf(key);
      keys.putIfAbsent(id, new SecretKeySpec(key, "AES"));
      indexKeys.putIfAbsent(id, new SecretKeySpec(hmac(key, INDEX_LABEL), "HmacSHA256"));
    }
    this.currentId = idOf(ring.get(0));
  }

  /**
   * A key given as base64 (standard or URL-safe alphabet), checked to be 32 bytes; the message of
   * the refusal never holds the text itself.
   */
  public static byte[] decodeKey(String base64) {
    String text = base64 == null ? "" : base64.strip();
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a data key must be base64 (of 32 random bytes)");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a data key must be base64 of " + KEY_BYTES + " bytes, this one has " + key.length);
    }
    return key;
  }

  /** A new random key. */
  public static byte[] newKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /** The id of a key, as sealed values name it. */
  public static String idOf(byte[] key) {
    return HexFormat.of().formatHex(hmac(key, ID_LABEL), 0, 4);
  }

  /** The id of the key new values are sealed under. */
  public String currentKeyId() {
    return currentId;
  }

  /** The ids of all keys of the ring, the current one first. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  /** The value sealed under the current key; {@code null} stays {@code null}. */
  public String seal(String plain) {
    if (plain == null) {
      return null;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    String head = PREFIX + currentId + ":";
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(head.getBytes(StandardCharsets.US_ASCII));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] all = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, all, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, all, NONCE_BYTES, sealed.length);
      return head + Base64.getEncoder().encodeToString(all);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * The plain value: opened with the key its id names, or the value itself when it was stored
   * before encryption (no prefix); {@code null} stays {@code null}.
   *
   * @throws Unreadable when the key is not in the ring or the value was changed
   */
  public String open(String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return stored;
    }
    int colon = stored.indexOf(':', PREFIX.length());
    if (colon < 0) {
      throw new Unreadable("a sealed value without a key id");
    }
    String id = stored.substring(PREFIX.length(), colon);
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new Unreadable("sealed under key " + clip(id) + ", which is not in the key ring");
    }
    byte[] all;
    try {
      all = Base64.getDecoder().decode(stored.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new Unreadable("a sealed value under key " + id + " is not base64");
    }
    if (all.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new Unreadable("a sealed value under key " + id + " is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(stored.substring(0, colon + 1).getBytes(StandardCharsets.US_ASCII));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new Unreadable("a sealed value under key " + id + " was changed or cut");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /** The id of the key a stored value names; empty for a value stored before encryption. */
  public static Optional<String> keyIdOf(String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int colon = stored.indexOf(':', PREFIX.length());
    return colon < 0 ? Optional.of("") : Optional.of(stored.substring(PREFIX.length(), colon));
  }

  /** Whether a stored value is sealed under the current key (or is {@code null}). */
  public boolean isCurrent(String stored) {
    return stored == null || keyIdOf(stored).filter(currentId::equals).isPresent();
  }

  /**
   * The keyed hash by which a value is found without storing it in clear: HMAC-SHA256 under an
   * index key derived from the current data key, in hex. The caller normalises the value first (an
   * e-mail address in lower case), the same way when storing and when looking up.
   */
  public String index(String normalised) {
    return normalised == null ? null : index(indexKeys.get(currentId), normalised);
  }

  /**
   * The hashes of a value under every key of the ring, the current one first: a lookup during a
   * rotation finds rows indexed under an older key too.
   */
  public List<String> indexes(String normalised) {
    List<String> all = new ArrayList<>();
    for (SecretKeySpec key : indexKeys.values()) {
      all.add(index(key, normalised));
    }
    return all;
  }

  private static String index(SecretKeySpec key, String normalised) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  private static String clip(String id) {
    return id.length() > 16 ? id.substring(0, 16) + "…" : id;
  }
}
