package dev.kefu.web.control;

import dev.kefu.audit.entity.Source;
import dev.kefu.shared.ClientAddress;
import dev.kefu.web.control.oidc.OidcSettings;
import dev.kefu.web.control.oidc.OidcSignIn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * The one authentication mechanism of the web module, choosing by request. With local accounts
 * ({@code kf.auth.mode=local}): a sign-in made by the login resource (source {@code local} in the
 * audit log), HTTP Basic (source {@code api}). With the corporate provider ({@code oidc}): the
 * provider's callback after its sign-in page (source {@code oidc}), and its access tokens as bearer
 * tokens on the API (source {@code api}); local passwords are not accepted then. Otherwise the
 * session. An unauthenticated browser asking for a protected page is sent to the sign-in page; an
 * API client gets 401.
 *
 * <p>Only the consoles' sign-ins open a server session: the sign-in made by the login resource and
 * the provider's callback register the caller with the HTTP session, and later requests of that
 * session go on as that caller. API calls with HTTP Basic or a bearer token are authenticated anew
 * each time and never get a session, so a client that calls the API many times leaves no sessions
 * behind. (Jakarta Security's {@code @AutoApplySession} would register one for every successful
 * authentication, API calls included.)
 *
 * <p>One mechanism and not several, because Jakarta Security 3 gives an application exactly one.
 */
@ApplicationScoped
public class KefuAuthentication implements HttpAuthenticationMechanism {

  @Inject IdentityStoreHandler identityStores;
  @Inject ClientAddress clientAddress;
  @Inject OidcSettings oidc;
  @Inject OidcSignIn oidcSignIn;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Principal ofSession = request.getUserPrincipal();
    if (ofSession != null) {
      return continueSession(ofSession, context);
    }
    if (oidc.enabled()) {
      return validateWithProvider(request, response, context);
    }
    Credential credential =
        context.isAuthenticationRequest() ? context.getAuthParameters().getCredential() : null;
    Source source = Source.LOCAL;
    if (credential == null) {
      credential = basic(request);
      source = Source.API;
    }
    if (credential instanceof UsernamePasswordCredential login
        && !(credential instanceof SignInCredential)) {
      credential =
          new SignInCredential(
              login,
              source,
              clientAddress.of(
                  request.getRemoteAddr(), request.getHeaders(ClientAddress.FORWARDED_FOR)));
    }
    if (credential != null) {
      CredentialValidationResult result = identityStores.validate(credential);
      if (result.getStatus() == CredentialValidationResult.Status.VALID) {
        if (source == Source.LOCAL) {
          // The consoles' sign-in: the session carries the caller from now on.
          context.setRegisterSession(
              result.getCallerPrincipal().getName(), result.getCallerGroups());
        }
        return context.notifyContainerAboutLogin(result);
      }
      return refused(response, context);
    }
    return anonymous(request, response, context);
  }

  /**
   * A request of a session whose sign-in was registered: the same caller, nothing checked again.
   */
  private static AuthenticationStatus continueSession(
      Principal caller, HttpMessageContext context) {
    try {
      context
          .getHandler()
          .handle(new Callback[] {new CallerPrincipalCallback(context.getClientSubject(), caller)});
    } catch (IOException | UnsupportedCallbackException e) {
      throw new IllegalStateException("the container refused the session's caller", e);
    }
    return AuthenticationStatus.SUCCESS;
  }

  private AuthenticationStatus validateWithProvider(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals(OidcSignIn.CALLBACK)) {
      return oidcSignIn.callback(request, response, context);
    }
    String bearer = bearer(request);
    if (bearer != null) {
      AuthenticationStatus status = oidcSignIn.bearer(bearer, request, context);
      return status == AuthenticationStatus.SUCCESS ? status : unauthorized(response);
    }
    if (context.isAuthenticationRequest() || basic(request) != null) {
      // Local passwords are switched off: staff sign in at the provider.
      return refused(response, context);
    }
    return anonymous(request, response, context);
  }

  /** The login resource answers a failed sign-in itself; an API client gets a JSON 401. */
  private static AuthenticationStatus refused(
      HttpServletResponse response, HttpMessageContext context) {
    return context.isAuthenticationRequest()
        ? AuthenticationStatus.SEND_FAILURE
        : unauthorized(response);
  }

  /** A request without any credential: fine for public addresses, a challenge for the rest. */
  private AuthenticationStatus anonymous(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    return context.isProtected() ? challenge(request, response, context) : context.doNothing();
  }

  private AuthenticationStatus challenge(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/api/")) {
      return unauthorized(response);
    }
    String next = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    String signIn =
        request.getContextPath()
            + "/signin.html?next="
            + URLEncoder.encode(request.getContextPath() + next, StandardCharsets.UTF_8);
    try {
      if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
        // An Ajax request of a page whose session has ended: Faces follows only this redirect.
        response.setContentType("text/xml");
        response.setCharacterEncoding("UTF-8");
        response
            .getWriter()
            .write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + signIn.replace("&", "&amp;").replace("\"", "&quot;")
                    + "\"/></partial-response>");
      } else {
        response.sendRedirect(signIn);
      }
    } catch (IOException e) {
      return context.responseUnauthorized();
    }
    return AuthenticationStatus.SEND_CONTINUE;
  }

  private static AuthenticationStatus unauthorized(HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    try {
      response.getWriter().write("{\"error\":\"unauthorized\",\"message\":\"sign in first\"}");
    } catch (IOException e) {
      // The client has gone; the status is all it would have read.
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  private static String bearer(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static Credential basic(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 1) {
      return null;
    }
    return new UsernamePasswordCredential(
        decoded.substring(0, colon), new Password(decoded.substring(colon + 1)));
  }
}
