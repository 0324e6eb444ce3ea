package dev.kefu.web.control.oidc;

import dev.kefu.shared.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A JSON Web Token signed by the identity provider (RFC 7519, JWS compact form), checked before
 * anything in it is believed: the signature with the provider's published key, then the issuer, the
 * audience and the time window. Only RSA signatures are accepted (what Keycloak signs with by
 * default); {@code none}, HMAC and anything unknown are refused, so a token cannot pick a weaker
 * check for itself.
 */
public final class SignedToken {

  /** Accepted clock difference between Kefu and the provider. */
  static final Duration LEEWAY = Duration.ofSeconds(60);

  private static final Map<String, String> ALGORITHMS =
      Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");

  private final JsonObject claims;

  private SignedToken(JsonObject claims) {
    this.claims = claims;
  }

  /** Why a token was not accepted; the message is a short code, safe to log and audit. */
  public static final class Rejected extends Exception {
    public Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Checks a token and gives its claims.
   *
   * @param keys the provider's key with the given id ({@code kid}), or null when it has none
   * @param issuer the issuer the token must name
   * @param audience one of the audiences the token must name ({@code aud}, or {@code azp})
   */
  public static SignedToken verify(
      String compact, Function<String, PublicKey> keys, String issuer, String audience, Instant now)
      throws Rejected {
    if (compact == null || compact.length() > 16_384) {
      throw new Rejected("malformed");
    }
    String[] parts = compact.split("\\.", -1);
    if (parts.length != 3) {
      throw new Rejected("malformed");
    }
    JsonObject header = json(parts[0]);
    String algorithm = header.getString("alg", "");
    String jca = ALGORITHMS.get(algorithm);
    if (jca == null) {
      throw new Rejected("algorithm_not_allowed");
    }
    PublicKey key = keys.apply(header.getString("kid", null));
    if (key == null) {
      throw new Rejected("unknown_key");
    }
    try {
      Signature signature = Signature.getInstance(jca);
      signature.initVerify(key);
      signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!signature.verify(base64Url(parts[2]))) {
        throw new Rejected("bad_signature");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new Rejected("bad_signature");
    }
    SignedToken token = new SignedToken(json(parts[1]));
    token.check(issuer, audience, now);
    return token;
  }

  private void check(String issuer, String audience, Instant now) throws Rejected {
    if (!issuer.equals(claims.getString("iss", null))) {
      throw new Rejected("wrong_issuer");
    }
    if (!audiences().contains(audience) && !audience.equals(claims.getString("azp", null))) {
      throw new Rejected("wrong_audience");
    }
    Optional<Instant> expires = time("exp");
    if (expires.isEmpty() || !now.isBefore(expires.get().plus(LEEWAY))) {
      throw new Rejected("expired");
    }
    Optional<Instant> notBefore = time("nbf");
    if (notBefore.isPresent() && now.plus(LEEWAY).isBefore(notBefore.get())) {
      throw new Rejected("not_yet_valid");
    }
  }

  public JsonObject claims() {
    return claims;
  }

  public String string(String claim) {
    JsonValue value = claims.get(claim);
    return value instanceof JsonString text ? text.getString() : null;
  }

  public Optional<Instant> time(String claim) {
    return claims.containsKey(claim)
            && claims.get(claim).getValueType() == JsonValue.ValueType.NUMBER
        ? Optional.of(Instant.ofEpochSecond(claims.getJsonNumber(claim).longValue()))
        : Optional.empty();
  }

  /**
   * The strings under a claim, which may be a path into nested objects ({@code realm_access.roles})
   * and may hold one string or an array of them.
   */
  public List<String> strings(String path) {
    JsonValue value = claims;
    for (String step : path.split("\\.")) {
      if (!(value instanceof JsonObject object) || !object.containsKey(step)) {
        return List.of();
      }
      value = object.get(step);
    }
    List<String> result = new ArrayList<>();
    if (value instanceof JsonString text) {
      result.add(text.getString());
    } else if (value instanceof JsonArray array) {
      for (JsonValue item : array) {
        if (item instanceof JsonString text) {
          result.add(text.getString());
        }
      }
    }
    return result;
  }

  private List<String> audiences() {
    return strings("aud");
  }

  private static JsonObject json(String part) throws Rejected {
    try (JsonReader reader =
        Jsonp.createReader(new StringReader(new String(base64Url(part), StandardCharsets.UTF_8)))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new Rejected("malformed");
    }
  }

  private static byte[] base64Url(String part) {
    return Base64.getUrlDecoder().decode(part);
  }
}
