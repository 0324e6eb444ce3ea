package dev.kefu.web.control.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.security.Key;
import java.security.interfaces.RSAKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks a token of the identity provider must pass before anything in it is believed, made by
 * Nimbus JOSE+JWT and the OpenID Connect SDK: the signature with one of the provider's published
 * keys (an allow-list of algorithms, RSA keys of at least 2048 bits, critical headers refused
 * unless understood), the issuer, the audience, the time window and the kind of token. An access
 * token ({@code typ} {@code at+jwt} in its header, or Keycloak's claim {@code typ} {@code Bearer})
 * is accepted for the API only when its {@code aud} names the API; an ID token only at the end of a
 * browser's sign-in, with its nonce, for the console's client. Neither passes for the other.
 */
final class TokenRules {

  /** Accepted clock difference between Kefu and the provider, in seconds. */
  static final int LEEWAY_SECONDS = 60;

  /** The algorithms a token may be signed with; {@code none} and HMAC are not among them. */
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  static final int MIN_RSA_BITS = 2048;

  private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");
  private static final int MAX_LENGTH = 16_384;

  private final DefaultJWTProcessor<SecurityContext> accessTokens;
  private final IDTokenValidator idTokens;

  /** Why a token was not accepted; the message is a short code, safe to log and audit. */
  static final class Rejected extends Exception {
    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * @param issuer the issuer every token must name
   * @param clientId the console's client, the audience of ID tokens
   * @param apiAudience the audience an access token must name to call the API
   * @param keys the provider's published keys, as cached by the caller
   */
  TokenRules(String issuer, String clientId, String apiAudience, JWKSource<SecurityContext> keys) {
    StrongKeys selector = new StrongKeys(keys);
    accessTokens = new DefaultJWTProcessor<>();
    accessTokens.setJWSKeySelector(selector);
    accessTokens.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, ACCESS_TOKEN, null));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            // Mutable sets: the verifier asks them whether they contain null.
            new HashSet<>(List.of(apiAudience)),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            new HashSet<>(List.of("sub", "exp")),
            null);
    claims.setMaxClockSkew(LEEWAY_SECONDS);
    accessTokens.setJWTClaimsSetVerifier(claims);
    idTokens = new IDTokenValidator(new Issuer(issuer), new ClientID(clientId), selector, null);
    idTokens.setMaxClockSkew(LEEWAY_SECONDS);
  }

  /** An access token presented as {@code Authorization: Bearer} to the API. */
  Claims accessToken(String token) throws Rejected {
    SignedJWT jwt = parse(token);
    JWTClaimsSet claims;
    try {
      claims = accessTokens.process(jwt, null);
    } catch (BadJOSEException | JOSEException e) {
      throw new Rejected(reasonOf(e));
    }
    boolean accessToken =
        ACCESS_TOKEN.equals(jwt.getHeader().getType()) || "Bearer".equals(claim(claims, "typ"));
    if (!accessToken) {
      throw new Rejected("not_an_access_token");
    }
    return new Claims(claims);
  }

  /** The ID token the provider answered at the end of a browser's sign-in with this nonce. */
  Claims idToken(String token, String nonce) throws Rejected {
    SignedJWT jwt = parse(token);
    if (ACCESS_TOKEN.equals(jwt.getHeader().getType())) {
      throw new Rejected("not_an_id_token");
    }
    try {
      idTokens.validate(jwt, new Nonce(nonce));
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      String type = claim(claims, "typ");
      if (type != null && !"ID".equals(type)) {
        throw new Rejected("not_an_id_token");
      }
      return new Claims(claims);
    } catch (BadJOSEException | JOSEException e) {
      throw new Rejected(reasonOf(e));
    } catch (ParseException e) {
      throw new Rejected("malformed");
    }
  }

  private static SignedJWT parse(String token) throws Rejected {
    if (token == null || token.isBlank() || token.length() > MAX_LENGTH) {
      throw new Rejected("malformed");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token.strip());
      if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
        throw new Rejected("algorithm_not_allowed");
      }
      return jwt;
    } catch (ParseException | IllegalArgumentException e) {
      throw new Rejected("malformed");
    }
  }

  private static String claim(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String text ? text : null;
  }

  /** A short, stable code for the audit log; never the token or the library's message. */
  static String reasonOf(Exception e) {
    if (e instanceof KeySourceException) {
      return "keys_unavailable";
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof BadJWTException) {
      // In this order: "missing required audience" is the audience, "missing" holds "iss", and
      // "issue time" is not the issuer.
      if (message.contains("expired")) {
        return "expired";
      }
      if (message.contains("aud")) {
        return "wrong_audience";
      }
      if (message.contains("nonce")) {
        return "nonce_mismatch";
      }
      if (message.contains("missing")) {
        return "claims_missing";
      }
      if (message.contains("before") || message.contains("ahead") || message.contains("nbf")) {
        return "not_yet_valid";
      }
      if (message.contains("iss")) {
        return "wrong_issuer";
      }
      return "claims_refused";
    }
    if (e instanceof BadJWSException) {
      if (message.contains("no matching key") || message.contains("no key")) {
        return "unknown_key";
      }
      if (message.contains("algorithm")) {
        return "algorithm_not_allowed";
      }
      return "bad_signature";
    }
    if (message.contains("typ")) {
      return "wrong_token_type";
    }
    if (message.contains("crit")) {
      return "critical_header";
    }
    if (message.contains("no matching key") || message.contains("no key")) {
      return "unknown_key";
    }
    return e instanceof JOSEException ? "bad_signature" : "refused";
  }

  /** The provider's keys for a token's header, without RSA keys too short to trust. */
  private static final class StrongKeys extends JWSVerificationKeySelector<SecurityContext> {

    StrongKeys(JWKSource<SecurityContext> keys) {
      super(ALGORITHMS, keys);
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context)
        throws KeySourceException {
      List<Key> strong = new ArrayList<>();
      for (Key key : super.selectJWSKeys(header, context)) {
        if (!(key instanceof RSAKey rsa) || rsa.getModulus().bitLength() >= MIN_RSA_BITS) {
          strong.add(key);
        }
      }
      return strong;
    }
  }

  /** The claims of a token that passed. */
  record Claims(JWTClaimsSet claims) {

    String string(String name) {
      return claim(claims, name);
    }

    Optional<Instant> expires() {
      return Optional.ofNullable(claims.getExpirationTime()).map(java.util.Date::toInstant);
    }

    /**
     * The strings under a claim, which may be a path into nested objects ({@code
     * realm_access.roles}) and may hold one string or an array of them.
     */
    List<String> strings(String path) {
      Object value = claims.getClaims();
      for (String step : path.split("\\.")) {
        if (!(value instanceof Map<?, ?> object) || !object.containsKey(step)) {
          return List.of();
        }
        value = object.get(step);
      }
      List<String> result = new ArrayList<>();
      if (value instanceof String text) {
        result.add(text);
      } else if (value instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof String text) {
            result.add(text);
          }
        }
      }
      return result;
    }
  }
}
