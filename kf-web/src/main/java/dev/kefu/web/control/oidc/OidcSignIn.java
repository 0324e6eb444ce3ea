package dev.kefu.web.control.oidc;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.entity.Source;
import dev.kefu.auth.boundary.FederatedSignIns;
import dev.kefu.auth.entity.FederatedIdentity;
import dev.kefu.shared.ClientAddress;
import dev.kefu.web.control.FreshSession;
import dev.kefu.web.control.ReturnPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Staff sign-in through the corporate OpenID Connect provider: the authorization-code flow with
 * PKCE (S256), a {@code state} per attempt against forged callbacks and a {@code nonce} against
 * replayed ID tokens. The code is redeemed by Kefu itself, the tokens stay on the server (in the
 * HTTP session, for signing out at the provider) and never reach a browser.
 *
 * <p>The same provider's access tokens are accepted as bearer tokens on {@code /api/v1}, when they
 * name Kefu's API as their audience.
 */
@ApplicationScoped
public class OidcSignIn {

  public static final String START = "/auth/oidc/start";
  public static final String CALLBACK = "/auth/oidc/callback";

  private static final Logger LOG = Logger.getLogger(OidcSignIn.class.getName());
  private static final String PENDING = "kf.oidc.pending";
  private static final String REFRESH = "kf.oidc.refresh";
  private static final String CHECKED = "kf.oidc.checked";
  private static final int MAX_PENDING = 5;

  @Inject OidcSettings settings;
  @Inject OidcProvider provider;
  @Inject FederatedSignIns signIns;
  @Inject ClientAddress clientAddress;
  @Inject BearerCallers bearers;

  /** One sign-in under way in a browser: what the callback must match. */
  record Pending(String nonce, String verifier, String next) implements Serializable {}

  /**
   * Sends the browser to the provider's sign-in page. Whoever was signed in on this session is
   * signed out first, and the attempt gets a new session, so the callback always finds a session
   * with nobody signed in yet.
   */
  public void start(HttpServletRequest request, HttpServletResponse response, String next)
      throws IOException {
    State state = new State();
    Pending pending =
        new Pending(new Nonce().getValue(), new CodeVerifier().getValue(), safeNext(request, next));
    URI signIn;
    try {
      signIn =
          provider.signInRequest(
              redirectUri(request),
              state,
              new Nonce(pending.nonce()),
              new CodeVerifier(pending.verifier()));
    } catch (OidcProvider.Unavailable e) {
      LOG.warning(() -> "cannot start a sign-in: " + e.getMessage());
      response.sendRedirect(request.getContextPath() + "/signin.html?failed=unavailable");
      return;
    }
    HttpSession session = FreshSession.start(request);
    pendingOf(session).put(state.getValue(), pending);
    response.sendRedirect(signIn.toString());
  }

  /** The provider sends the browser back here with a code, or with an error. */
  public AuthenticationStatus callback(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String ip = addressOf(request);
    HttpSession session = request.getSession(false);
    String state = request.getParameter("state");
    Pending pending = session == null || state == null ? null : pendingOf(session).remove(state);
    if (pending == null) {
      return failed(request, response, null, ip, "state_mismatch");
    }
    if (request.getParameter("error") != null || request.getParameter("code") == null) {
      String error = request.getParameter("error");
      return failed(
          request,
          response,
          null,
          ip,
          "provider_" + (error == null ? "no_code" : error.replaceAll("[^a-z_]", "")));
    }
    OIDCTokens tokens;
    TokenRules.Claims idToken;
    try {
      tokens =
          provider.redeem(
              request.getParameter("code"),
              redirectUri(request),
              new CodeVerifier(pending.verifier()));
      idToken = provider.tokenRules().idToken(tokens.getIDTokenString(), pending.nonce());
    } catch (OidcProvider.Unavailable e) {
      LOG.warning(() -> "cannot finish a sign-in: " + e.getMessage());
      return failed(request, response, null, ip, "provider_unavailable");
    } catch (TokenRules.Rejected e) {
      return failed(request, response, null, ip, "id_token_" + e.getMessage());
    }
    Optional<Agent> agent = signIns.signIn(identityOf(idToken), Source.OIDC, ip);
    if (agent.isEmpty()) {
      return failed(request, response, null, ip, null);
    }
    request.changeSessionId();
    if (tokens.getRefreshToken() != null) {
      request.getSession().setAttribute(REFRESH, tokens.getRefreshToken().getValue());
    }
    // A browser's sign-in: the session carries the caller from now on (bearer calls get none).
    context.setRegisterSession(agent.get().id(), agent.get().roles());
    AuthenticationStatus status =
        context.notifyContainerAboutLogin(agent.get().id(), agent.get().roles());
    try {
      response.sendRedirect(pending.next());
    } catch (IOException e) {
      // The browser has gone; it is signed in when it comes back.
    }
    return status;
  }

  /** A request to {@code /api/v1} with {@code Authorization: Bearer}. */
  public AuthenticationStatus bearer(
      String token, HttpServletRequest request, HttpMessageContext context) {
    Optional<BearerCallers.Known> known = bearers.known(token);
    if (known.isEmpty()) {
      String ip = addressOf(request);
      TokenRules.Claims accessToken;
      try {
        accessToken = provider.tokenRules().accessToken(token);
      } catch (OidcProvider.Unavailable e) {
        LOG.warning(() -> "cannot check a bearer token: " + e.getMessage());
        if (bearers.shouldAudit(ip, "provider_unavailable")) {
          signIns.refused(null, Source.API, ip, "bearer_provider_unavailable");
        }
        return AuthenticationStatus.SEND_FAILURE;
      } catch (TokenRules.Rejected e) {
        if (bearers.shouldAudit(ip, e.getMessage())) {
          signIns.refused(null, Source.API, ip, "bearer_" + e.getMessage());
        }
        return AuthenticationStatus.SEND_FAILURE;
      }
      Optional<Agent> agent = signIns.signIn(identityOf(accessToken), Source.API, ip);
      if (agent.isEmpty()) {
        return AuthenticationStatus.SEND_FAILURE;
      }
      known =
          Optional.of(
              bearers.remember(
                  token, agent.get().id(), agent.get().roles(), believedUntil(accessToken)));
    }
    return context.notifyContainerAboutLogin(known.get().agentId(), known.get().roles());
  }

  /**
   * Whether the provider still holds the session this browser signed in with, asked at most every
   * {@code kf.oidc.session-check-seconds}: a person disabled or signed out in Keycloak loses Kefu
   * within that time, not after Kefu's own session times out. While the provider cannot be reached,
   * the session stays.
   */
  public boolean providerSessionHolds(HttpSession session) {
    if (session == null || !(session.getAttribute(REFRESH) instanceof String refresh)) {
      return true;
    }
    Instant now = Instant.now();
    synchronized (session) {
      Object checked = session.getAttribute(CHECKED);
      if (checked instanceof Instant last
          && now.isBefore(last.plusSeconds(settings.sessionCheckSeconds()))) {
        return true;
      }
      session.setAttribute(CHECKED, now);
    }
    try {
      Tokens tokens = provider.refresh(refresh);
      session.setAttribute(
          REFRESH,
          tokens.getRefreshToken() == null ? refresh : tokens.getRefreshToken().getValue());
      return true;
    } catch (OidcProvider.Refused e) {
      LOG.info(() -> "the identity provider ended a session (" + e.getMessage() + ")");
      session.removeAttribute(REFRESH);
      return false;
    } catch (OidcProvider.Unavailable e) {
      LOG.warning(() -> "cannot check a session at the identity provider: " + e.getMessage());
      return true;
    }
  }

  /**
   * Ends the provider's session of this browser, if it signed in through the provider. Called
   * before Kefu's own session is dropped.
   */
  public void signOutAtProvider(HttpSession session) {
    if (session == null || !(session.getAttribute(REFRESH) instanceof String refresh)) {
      return;
    }
    session.removeAttribute(REFRESH);
    try {
      provider.endSession(refresh);
    } catch (OidcProvider.Unavailable e) {
      LOG.warning(() -> "could not end the session at the identity provider: " + e.getMessage());
    }
  }

  private AuthenticationStatus failed(
      HttpServletRequest request,
      HttpServletResponse response,
      String userName,
      String ip,
      String reason) {
    if (reason != null) {
      signIns.refused(userName, Source.OIDC, ip, reason);
    }
    try {
      response.sendRedirect(
          request.getContextPath()
              + "/signin.html?failed="
              + (reason != null && reason.startsWith("provider_unavailable")
                  ? "unavailable"
                  : reason == null ? "role" : "oidc"));
    } catch (IOException e) {
      // The browser has gone.
    }
    return AuthenticationStatus.SEND_CONTINUE;
  }

  /**
   * A checked bearer token stands for its account until it expires, but no longer than the
   * provider's keys are cached: a token signed with a key the provider has since removed must stop
   * passing when the keys are next fetched.
   */
  private Instant believedUntil(TokenRules.Claims token) {
    Instant keysAgain = Instant.now().plus(provider.keyCacheTime());
    return token.expires().filter(e -> e.isBefore(keysAgain)).orElse(keysAgain);
  }

  private FederatedIdentity identityOf(TokenRules.Claims token) {
    Set<String> roles = new LinkedHashSet<>();
    for (String role : token.strings(settings.rolesClaim())) {
      if (role.startsWith("kf-")) {
        roles.add(role);
      }
    }
    if (roles.isEmpty() && !"realm_access.roles".equals(settings.rolesClaim())) {
      token.strings("realm_access.roles").stream()
          .filter(r -> r.startsWith("kf-"))
          .forEach(roles::add);
    }
    // Each role includes the ones below it, as for local accounts.
    if (roles.contains(Role.ADMIN)) {
      roles.add(Role.SUPERVISOR);
    }
    if (roles.contains(Role.SUPERVISOR)) {
      roles.add(Role.AGENT);
    }
    String userName = token.string("preferred_username");
    return new FederatedIdentity(
        token.string("iss"),
        token.string("sub"),
        userName == null || userName.isBlank() ? token.string("sub") : userName,
        token.string("name"),
        token.strings(settings.tenantClaim()).stream().findFirst().orElse(null),
        roles);
  }

  private URI redirectUri(HttpServletRequest request) {
    String base =
        settings
            .publicUrl()
            .orElseGet(
                () -> {
                  StringBuffer url = request.getRequestURL();
                  return url.substring(0, url.indexOf("/", url.indexOf("//") + 2))
                      + request.getContextPath();
                });
    return URI.create(base + CALLBACK);
  }

  /** Where to go after signing in: a path of this application, never another site. */
  static String safeNext(HttpServletRequest request, String next) {
    String context = request.getContextPath();
    return ReturnPath.within(context, next, context + "/agent/");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Pending> pendingOf(HttpSession session) {
    synchronized (session) {
      Object known = session.getAttribute(PENDING);
      if (known instanceof Map<?, ?> map) {
        return (Map<String, Pending>) map;
      }
      Map<String, Pending> pending =
          java.util.Collections.synchronizedMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
                  return size() > MAX_PENDING;
                }
              });
      session.setAttribute(PENDING, pending);
      return pending;
    }
  }

  private String addressOf(HttpServletRequest request) {
    return clientAddress.of(
        request.getRemoteAddr(), request.getHeaders(ClientAddress.FORWARDED_FOR));
  }
}
