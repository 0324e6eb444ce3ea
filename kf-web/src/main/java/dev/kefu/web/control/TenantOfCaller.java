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
 * frame themselves.
 *
 * <p>An account an admin has disabled is signed out here, at the first request after it: its
 * session ends and the request is answered as one of nobody signed in (401 for the API, the sign-in
 * page for a page). The account is read here for every request anyway, so the check costs nothing.
 * So is a member of staff of a suspended tenant.
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
    if (agent.disabled()) {
      signOut(request, response, path, "this account is disabled", "disabled=1");
      return;
    }
    if (tenants.isSuspended(agent.tenantId())) {
      // A member of staff of a suspended tenant: signed out, and cannot sign in again.
      signOut(request, response, path, "this tenant is suspended", "signedOut=1");
      return;
    }
    try (TenantScope.Entered scope = TenantScope.enter(agent.tenantId())) {
      chain.doFilter(request, response);
    }
  }

  private static void signOut(
      HttpServletRequest request,
      HttpServletResponse response,
      String path,
      String why,
      String signInQuery)
      throws IOException, ServletException {
    LOG.info(() -> "a request refused (" + why + "): its session ends");
    HttpSession session = request.getSession(false);
    request.logout();
    if (session != null) {
      session.invalidate();
    }
    if (path.startsWith("/api/")) {
      ErrorAnswer.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", why);
      return;
    }
    String signIn = request.getContextPath() + "/signin.html?" + signInQuery;
    if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
      // An Ajax request of a console page: Faces follows only this kind of redirect.
      response.setContentType("text/xml");
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                  + signIn
                  + "\"/></partial-response>");
    } else {
      response.sendRedirect(signIn);
    }
  }
}
