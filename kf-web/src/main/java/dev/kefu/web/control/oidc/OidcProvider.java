package dev.kefu.web.control.oidc;

import dev.kefu.shared.Jsonp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.logging.Logger;

/**
 * The OpenID Connect provider as Kefu talks to it: its published endpoints and signing keys
 * (fetched once and kept, keys again when a token names one not seen yet), and the calls Kefu makes
 * to it directly: trading an authorization code for tokens and ending a provider session.
 */
@ApplicationScoped
public class OidcProvider {

  private static final Logger LOG = Logger.getLogger(OidcProvider.class.getName());
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration KEY_REFRESH_GAP = Duration.ofSeconds(10);

  @Inject OidcSettings settings;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private volatile JsonObject metadata;
  private volatile Map<String, PublicKey> keys = Map.of();
  private volatile Instant keysFetched = Instant.EPOCH;

  /** The provider is unreachable or answered something Kefu cannot use. */
  public static class Unavailable extends Exception {
    public Unavailable(String message) {
      super(message);
    }
  }

  /** The provider answered, and said no: a code or refresh token it no longer honours. */
  public static final class Refused extends Unavailable {
    public Refused(String message) {
      super(message);
    }
  }

  /** Where browsers go to sign in. */
  public String authorizationEndpoint() throws Unavailable {
    return endpoint("authorization_endpoint");
  }

  /** The signing key with this id, fetching the provider's keys again when it is new. */
  public PublicKey key(String keyId) {
    PublicKey key = keys.get(keyId == null ? "" : keyId);
    if (key == null && Instant.now().isAfter(keysFetched.plus(KEY_REFRESH_GAP))) {
      synchronized (this) {
        if (Instant.now().isAfter(keysFetched.plus(KEY_REFRESH_GAP))) {
          keysFetched = Instant.now();
          try {
            keys = fetchKeys();
          } catch (Unavailable e) {
            LOG.warning(() -> "cannot fetch the signing keys of the identity provider: " + e);
          }
        }
      }
      key = keys.get(keyId == null ? "" : keyId);
    }
    return key;
  }

  /** Trades an authorization code (with its PKCE verifier) for the provider's tokens. */
  public JsonObject redeem(String code, String redirectUri, String verifier) throws Unavailable {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", verifier);
    return post(endpoint("token_endpoint"), form);
  }

  /**
   * Asks the provider whether the session behind this refresh token still holds, and gives its new
   * tokens.
   *
   * @throws Refused when the session has ended: signed out elsewhere, disabled, expired
   */
  public JsonObject refresh(String refreshToken) throws Unavailable {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    return post(endpoint("token_endpoint"), form);
  }

  /**
   * Ends the provider's session behind this refresh token, from the server, so that no token passes
   * through a browser (Keycloak accepts this at its end-session endpoint).
   */
  public void endSession(String refreshToken) throws Unavailable {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("refresh_token", refreshToken);
    post(endpoint("end_session_endpoint"), form);
  }

  private JsonObject post(String url, Map<String, String> form) throws Unavailable {
    Map<String, String> body = new LinkedHashMap<>(form);
    body.put("client_id", settings.clientId());
    settings.clientSecret().ifPresent(secret -> body.put("client_secret", secret));
    StringJoiner encoded = new StringJoiner("&");
    body.forEach(
        (name, value) ->
            encoded.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(settings.backchannel(url)))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(encoded.toString()))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() / 100 != 2) {
      // The provider's answer names the error (invalid_grant …) and never holds a token.
      String message =
          "the identity provider answered " + response.statusCode() + " " + errorOf(response);
      throw response.statusCode() == 400 || response.statusCode() == 401
          ? new Refused(message)
          : new Unavailable(message);
    }
    return response.body().isBlank() ? JsonValue.EMPTY_JSON_OBJECT : parse(response.body());
  }

  private String endpoint(String name) throws Unavailable {
    JsonObject known = metadata;
    if (known == null) {
      known = fetchMetadata();
    }
    String url = known.getString(name, null);
    if (url == null) {
      throw new Unavailable("the identity provider publishes no " + name);
    }
    return url;
  }

  private synchronized JsonObject fetchMetadata() throws Unavailable {
    if (metadata == null) {
      String issuer = settings.issuer();
      if (issuer.isEmpty()) {
        throw new Unavailable("kf.oidc.issuer is not set");
      }
      JsonObject fetched = get(issuer + "/.well-known/openid-configuration");
      if (!issuer.equals(fetched.getString("issuer", ""))) {
        throw new Unavailable(
            "the identity provider names itself "
                + fetched.getString("issuer", "(nothing)")
                + ", not "
                + issuer
                + "; set its public address (Keycloak: --hostname) or kf.oidc.issuer");
      }
      metadata = fetched;
    }
    return metadata;
  }

  private Map<String, PublicKey> fetchKeys() throws Unavailable {
    JsonObject jwks = get(endpoint("jwks_uri"));
    Map<String, PublicKey> found = new HashMap<>();
    for (JsonValue value : jwks.getJsonArray("keys")) {
      JsonObject jwk = value.asJsonObject();
      if (!"RSA".equals(jwk.getString("kty", "")) || "enc".equals(jwk.getString("use", "sig"))) {
        continue;
      }
      try {
        BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
        BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")));
        found.put(
            jwk.getString("kid", ""),
            KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)));
      } catch (GeneralSecurityException | RuntimeException e) {
        LOG.warning(() -> "skipped an unreadable signing key of the identity provider: " + e);
      }
    }
    return Map.copyOf(found);
  }

  private JsonObject get(String url) throws Unavailable {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(settings.backchannel(url)))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new Unavailable(
          "the identity provider answered " + response.statusCode() + " at " + url);
    }
    return parse(response.body());
  }

  private HttpResponse<String> send(HttpRequest request) throws Unavailable {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Unavailable("cannot reach the identity provider at " + request.uri() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted");
    }
  }

  private static String errorOf(HttpResponse<String> response) {
    try {
      return parse(response.body()).getString("error", "");
    } catch (Unavailable e) {
      return "";
    }
  }

  private static JsonObject parse(String body) throws Unavailable {
    try (JsonReader reader = Jsonp.createReader(new StringReader(body))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new Unavailable("the identity provider answered something that is not JSON");
    }
  }
}
