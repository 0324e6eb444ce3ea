package dev.kefu.web.control.oidc;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The OpenID Connect provider as Kefu talks to it, through the OAuth 2.0 / OpenID Connect SDK: its
 * published metadata (fetched again every {@code kf.oidc.metadata-refresh-seconds}, the last good
 * copy kept while the provider cannot be reached), its signing keys (a Nimbus {@link JWKSource}
 * that caches them for {@code kf.oidc.jwks-cache-seconds}, refreshes ahead of expiry, fetches again
 * at most every few seconds when a token names an unknown key, and keeps the last keys through an
 * outage), and the calls Kefu makes to it: the sign-in request (code flow, PKCE, state, nonce),
 * trading a code or refresh token for tokens, and ending a provider session.
 */
@ApplicationScoped
public class OidcProvider {

  private static final Logger LOG = Logger.getLogger(OidcProvider.class.getName());
  private static final int TIMEOUT_MILLIS = 10_000;
  private static final int MAX_DOCUMENT_BYTES = 512 * 1024;

  @Inject OidcSettings settings;

  @Inject
  @ConfigProperty(name = "kf.oidc.jwks-cache-seconds", defaultValue = "300")
  long jwksCacheSeconds;

  @Inject
  @ConfigProperty(name = "kf.oidc.metadata-refresh-seconds", defaultValue = "3600")
  long metadataRefreshSeconds;

  /** What was learnt from the provider at one time, with the token rules built on it. */
  private record Known(OIDCProviderMetadata metadata, TokenRules rules, Instant fetched) {}

  private volatile Known known;

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

  /** How long a checked token is believed without asking the provider's keys again. */
  Duration keyCacheTime() {
    return Duration.ofSeconds(Math.max(1, jwksCacheSeconds));
  }

  /**
   * Where to send a browser to sign in: the authorization code flow with PKCE (S256), this
   * attempt's state and nonce.
   */
  URI signInRequest(URI redirectUri, State state, Nonce nonce, CodeVerifier verifier)
      throws Unavailable {
    return new AuthenticationRequest.Builder(
            ResponseType.CODE,
            new Scope("openid", "profile"),
            new ClientID(settings.clientId()),
            redirectUri)
        .endpointURI(known().metadata().getAuthorizationEndpointURI())
        .state(state)
        .nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** The checks of tokens against the provider's current keys. */
  TokenRules tokenRules() throws Unavailable {
    return known().rules();
  }

  /** Trades an authorization code (with its PKCE verifier) for the provider's tokens. */
  OIDCTokens redeem(String code, URI redirectUri, CodeVerifier verifier) throws Unavailable {
    Tokens tokens =
        tokens(
            new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier), true);
    return (OIDCTokens) tokens;
  }

  /**
   * Asks the provider whether the session behind this refresh token still holds, and gives its new
   * tokens.
   *
   * @throws Refused when the session has ended: signed out elsewhere, disabled, expired
   */
  Tokens refresh(String refreshToken) throws Unavailable {
    return tokens(new RefreshTokenGrant(new RefreshToken(refreshToken)), false);
  }

  /**
   * Ends the provider's session behind this refresh token, from the server, so that no token passes
   * through a browser (Keycloak accepts this at its end-session endpoint).
   */
  void endSession(String refreshToken) throws Unavailable {
    URI endpoint = known().metadata().getEndSessionEndpointURI();
    if (endpoint == null) {
      throw new Unavailable("the identity provider publishes no end_session_endpoint");
    }
    HTTPRequest request =
        request(HTTPRequest.Method.POST, URI.create(settings.backchannel(endpoint.toString())));
    request.setEntityContentType(
        com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
    StringBuilder body =
        new StringBuilder("refresh_token=")
            .append(URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
    if (settings.clientSecret().isEmpty()) {
      body.append("&client_id=")
          .append(URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8));
    }
    request.setBody(body.toString());
    clientAuthentication().ifPresent(auth -> auth.applyTo(request));
    HTTPResponse response = send(request);
    if (!response.indicatesSuccess()) {
      throw failure(response.getStatusCode(), errorOf(response));
    }
  }

  private Tokens tokens(AuthorizationGrant grant, boolean withIdToken) throws Unavailable {
    URI endpoint =
        URI.create(settings.backchannel(known().metadata().getTokenEndpointURI().toString()));
    TokenRequest tokenRequest =
        clientAuthentication()
            .map(auth -> new TokenRequest(endpoint, auth, grant))
            .orElseGet(() -> new TokenRequest(endpoint, new ClientID(settings.clientId()), grant));
    HTTPRequest request = tokenRequest.toHTTPRequest();
    request.setConnectTimeout(TIMEOUT_MILLIS);
    request.setReadTimeout(TIMEOUT_MILLIS);
    request.setFollowRedirects(false);
    HTTPResponse response = send(request);
    TokenResponse parsed;
    try {
      parsed = OIDCTokenResponseParser.parse(response);
    } catch (ParseException e) {
      throw new Unavailable(
          "the identity provider answered a token request with something unusable");
    }
    if (!parsed.indicatesSuccess()) {
      ErrorObject error = ((TokenErrorResponse) parsed).getErrorObject();
      throw failure(response.getStatusCode(), error == null ? "" : error.getCode());
    }
    Tokens tokens = parsed.toSuccessResponse().getTokens();
    if (withIdToken && !(tokens instanceof OIDCTokens oidc && oidc.getIDToken() != null)) {
      throw new Unavailable("the identity provider answered no ID token");
    }
    return tokens;
  }

  private Optional<ClientAuthentication> clientAuthentication() {
    return settings
        .clientSecret()
        .map(
            secret -> new ClientSecretBasic(new ClientID(settings.clientId()), new Secret(secret)));
  }

  /** The provider's metadata and token rules; fetched again when they are older than allowed. */
  private Known known() throws Unavailable {
    Known current = known;
    if (current != null
        && Instant.now()
            .isBefore(current.fetched().plusSeconds(Math.max(60, metadataRefreshSeconds)))) {
      return current;
    }
    synchronized (this) {
      current = known;
      if (current != null
          && Instant.now()
              .isBefore(current.fetched().plusSeconds(Math.max(60, metadataRefreshSeconds)))) {
        return current;
      }
      try {
        known = fetch(current);
      } catch (Unavailable e) {
        if (current == null) {
          throw e;
        }
        LOG.warning(
            () ->
                "cannot refresh the identity provider's metadata, keeping the last: "
                    + e.getMessage());
        known = new Known(current.metadata(), current.rules(), Instant.now());
      }
      return known;
    }
  }

  private Known fetch(Known before) throws Unavailable {
    String issuer = settings.issuer();
    if (issuer.isEmpty()) {
      throw new Unavailable("kf.oidc.issuer is not set");
    }
    HTTPRequest request =
        request(
            HTTPRequest.Method.GET,
            URI.create(settings.backchannel(issuer + "/.well-known/openid-configuration")));
    HTTPResponse response = send(request);
    if (response.getStatusCode() != 200) {
      throw new Unavailable(
          "the identity provider answered " + response.getStatusCode() + " for its metadata");
    }
    OIDCProviderMetadata metadata;
    try {
      metadata = OIDCProviderMetadata.parse(response.getBody());
    } catch (ParseException e) {
      throw new Unavailable("the identity provider's metadata cannot be read: " + e.getMessage());
    }
    if (!issuer.equals(metadata.getIssuer().getValue())) {
      throw new Unavailable(
          "the identity provider names itself "
              + metadata.getIssuer().getValue()
              + ", not "
              + issuer
              + "; set its public address (Keycloak: --hostname) or kf.oidc.issuer");
    }
    if (metadata.getJWKSetURI() == null
        || metadata.getAuthorizationEndpointURI() == null
        || metadata.getTokenEndpointURI() == null) {
      throw new Unavailable("the identity provider publishes no jwks_uri or endpoints");
    }
    TokenRules rules;
    if (before != null && before.metadata().getJWKSetURI().equals(metadata.getJWKSetURI())) {
      rules = before.rules();
    } else {
      try {
        rules = new TokenRules(issuer, settings.clientId(), settings.apiAudience(), keys(metadata));
      } catch (RuntimeException e) {
        throw new Unavailable("the token checks cannot be set up: " + e);
      }
    }
    return new Known(metadata, rules, Instant.now());
  }

  /** The provider's signing keys, cached and refreshed as the class comment says. */
  private JWKSource<SecurityContext> keys(OIDCProviderMetadata metadata) throws Unavailable {
    try {
      return cachedKeys(
          URI.create(settings.backchannel(metadata.getJWKSetURI().toString())).toURL(),
          keyCacheTime());
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new Unavailable("the identity provider's jwks_uri cannot be used: " + e.getMessage());
    }
  }

  /**
   * Keys fetched from {@code url} and kept for {@code ttl}: fetched again a quarter of that time
   * (at most 30 s) before it runs out, waiting at most a quarter of it (at most 10 s) for an
   * answer; fetched at once for a key not seen, but at most every half of it (at most 10 s); and,
   * while the provider cannot be reached, the last keys serve for an hour at least.
   */
  static JWKSource<SecurityContext> cachedKeys(URL url, Duration ttl) {
    long live = Math.max(4_000, ttl.toMillis());
    return JWKSourceBuilder.<SecurityContext>create(
            url, new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_DOCUMENT_BYTES))
        .cache(live, Math.min(TIMEOUT_MILLIS, live / 4))
        .refreshAheadCache(Math.min(30_000, live / 4), false)
        .rateLimited(Math.min(10_000, live / 2))
        .outageTolerant(Math.max(live * 4, 3_600_000))
        .retrying(true)
        .build();
  }

  private static HTTPRequest request(HTTPRequest.Method method, URI uri) {
    HTTPRequest request = new HTTPRequest(method, uri);
    request.setConnectTimeout(TIMEOUT_MILLIS);
    request.setReadTimeout(TIMEOUT_MILLIS);
    request.setFollowRedirects(false);
    request.setAccept("application/json");
    return request;
  }

  private static HTTPResponse send(HTTPRequest request) throws Unavailable {
    try {
      return request.send();
    } catch (IOException e) {
      throw new Unavailable("cannot reach the identity provider at " + request.getURI() + ": " + e);
    }
  }

  /** A refusal of the provider (400, 401: the grant is no longer good) or its failure. */
  private static Unavailable failure(int status, String error) {
    // The provider's answer names the error (invalid_grant …) and never holds a token.
    String message = "the identity provider answered " + status + " " + error;
    return status == 400 || status == 401 ? new Refused(message) : new Unavailable(message);
  }

  private static String errorOf(HTTPResponse response) {
    try {
      ErrorObject error = ErrorObject.parse(response);
      return error.getCode() == null ? "" : error.getCode();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
