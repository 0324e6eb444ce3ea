package dev.kefu.web.control;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.shared.NotFoundException;
import dev.kefu.tenant.boundary.Tenants;
import dev.kefu.tenant.control.TenantScope;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import java.util.logging.Logger;

/**
 * Puts every request of a signed-in member of staff into their tenant's scope, so that everything
 * the request reads or writes is filtered by that tenant whatever page, resource or service it
 * passes through. The caller's name is their agent id (local accounts and OpenID Connect alike); a
 * name without an account is refused, never served unfiltered. Requests of nobody signed in
 * (sign-in, the demo page, static files) stay outside any tenant; sockets enter their tenant per
 * frame themselves. A member of staff of a suspended tenant is signed out here, at their next
 * request.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class TenantOfCaller extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(TenantOfCaller.class.getName());

  @Inject Agents agents;
  @Inject Tenants tenants;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Principal principal = request.getUserPrincipal();
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (principal == null || path.startsWith("/ws/")) {
      chain.doFilter(request, response);
      return;
    }
    Agent agent;
    try {
      agent = agents.get(principal.getName());
    } catch (NotFoundException noAccount) {
      LOG.warning("signed-in caller without a Kefu account refused");
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write("{\"error\":\"forbidden\",\"message\":\"no Kefu account\"}");
      return;
    }
    if (tenants.isSuspended(agent.tenantId())) {
      endSessionOfSuspended(request, response, path);
      return;
    }
    try (TenantScope.Entered scope = TenantScope.enter(agent.tenantId())) {
      chain.doFilter(request, response);
    }
  }

  /**
   * A member of staff of a suspended tenant: their session ends here, as if they had signed out;
   * the API answers 401, a page goes to the sign-in page (where they cannot sign in again).
   */
  private static void endSessionOfSuspended(
      HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    if (path.startsWith("/api/") || "partial/ajax".equals(request.getHeader("Faces-Request"))) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write("{\"error\":\"unauthorized\",\"message\":\"sign in first\"}");
      return;
    }
    response.sendRedirect(request.getContextPath() + "/signin.html?signedOut=1");
  }
}
