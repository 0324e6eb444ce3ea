package dev.kefu.web.control.oidc;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Ends a Kefu session whose sign-in the identity provider no longer honours (the person was
 * disabled, or signed out of Keycloak elsewhere), so that leaving in Keycloak is leaving Kefu. The
 * request that finds out is answered as signed out: 401 for the API, the sign-in page otherwise.
 */
@WebFilter(urlPatterns = {"/api/*", "/admin/*", "/agent/*"})
public class ProviderSessionCheck extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject transient OidcSettings settings;
  @Inject transient OidcSignIn signIn;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpSession session = settings.enabled() ? request.getSession(false) : null;
    if (session == null || signIn.providerSessionHolds(session)) {
      chain.doFilter(request, response);
      return;
    }
    request.logout();
    session.invalidate();
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/api/")) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write("{\"error\":\"unauthorized\",\"message\":\"sign in first\"}");
    } else if (isPage(request)) {
      response.sendRedirect(
          request.getContextPath()
              + "/signin.html?next="
              + URLEncoder.encode(request.getRequestURI(), StandardCharsets.UTF_8));
    } else {
      // A script or style of a page: it loads as for anyone; the page's next call is signed out.
      chain.doFilter(request, response);
    }
  }

  /** Whether the browser navigates to this address, rather than loading a part of a page. */
  private static boolean isPage(HttpServletRequest request) {
    String mode = request.getHeader("Sec-Fetch-Mode");
    if (mode != null) {
      return mode.equals("navigate");
    }
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("text/html");
  }
}
