package dev.kefu.visitor.control;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed token that lets a browser come back as the same visitor: {@code
 * base64url(v1|siteId|visitorId|expiry)}.{@code base64url(HMAC-SHA256)}. Bound to one site, so a
 * token of another site is worthless here.
 */
public final class VisitorTokens {

  private static final String VERSION = "v1";
  private final byte[] key;

  public VisitorTokens(byte[] key) {
    this.key = key.clone();
  }

  public String issue(String siteId, String visitorId, Instant expiry) {
    String payload = VERSION + "|" + siteId + "|" + visitorId + "|" + expiry.getEpochSecond();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    byte[] raw = payload.getBytes(StandardCharsets.UTF_8);
    return b64.encodeToString(raw) + "." + b64.encodeToString(sign(raw));
  }

  /** The visitor id in a genuine, unexpired token of this site; empty for anything else. */
  public Optional<String> visitorOf(String token, String siteId, Instant now) {
    if (token == null || token.length() > 512) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 1) {
      return Optional.empty();
    }
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      byte[] raw = b64.decode(token.substring(0, dot));
      byte[] signature = b64.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, sign(raw))) {
        return Optional.empty();
      }
      String[] parts = new String(raw, StandardCharsets.UTF_8).split("\\|");
      if (parts.length != 4 || !VERSION.equals(parts[0]) || !parts[1].equals(siteId)) {
        return Optional.empty();
      }
      if (Instant.ofEpochSecond(Long.parseLong(parts[3])).isBefore(now)) {
        return Optional.empty();
      }
      return Optional.of(parts[2]);
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  private byte[] sign(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
