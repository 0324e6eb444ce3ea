package dev.kefu.webhook.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Kefu-Signature} header of a delivery: {@code t=<unix seconds>,v1=<hex>}, where {@code
 * v1} is the HMAC-SHA256, under the webhook's secret, of the seconds, a full stop and the body as
 * sent. A receiver computes the same over what it got, compares in constant time, and refuses a
 * {@code t} too far from its own clock (a replay).
 */
public final class Signature {

  public static final String HEADER = "Kefu-Signature";

  private Signature() {}

  public static String header(String secret, long epochSeconds, String body) {
    return "t=" + epochSeconds + ",v1=" + hmac(secret, epochSeconds + "." + body);
  }

  /** The hex HMAC-SHA256 of {@code text} under {@code secret}. */
  public static String hmac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", impossible);
    }
  }
}
