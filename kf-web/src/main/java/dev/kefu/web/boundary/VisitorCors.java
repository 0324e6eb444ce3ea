package dev.kefu.web.boundary;

import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.control.TenantScope;
import dev.kefu.tenant.entity.Site;
import dev.kefu.web.control.VisitorCaller;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Cross-origin access to the widget's HTTP requests on a customer's page ({@code /api/v1/files} and
 * everything under {@code /api/v1/visitor/}, as mapped in web.xml), and only for the origins the
 * site ({@code ?site=}) allows: the preflight of a request that carries the visitor header is
 * answered here, and the answers name the page's origin. Credentials (cookies) are never allowed
 * across origins, so a staff session cannot be used from a customer's page; a page of any other
 * origin gets no CORS headers, and its browser keeps the answer from it.
 */
public class VisitorCors extends HttpFilter {

  @Inject Sites sites;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (origin == null || !allowed(request)) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.addHeader("Vary", "Origin");
    boolean preflight =
        "OPTIONS".equals(request.getMethod())
            && request.getHeader("Access-Control-Request-Method") != null;
    if (preflight) {
      response.setHeader("Access-Control-Allow-Methods", "GET, POST");
      response.setHeader("Access-Control-Allow-Headers", VisitorCaller.HEADER + ", Content-Type");
      response.setHeader("Access-Control-Max-Age", "600");
      response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      return;
    }
    response.setHeader(
        "Access-Control-Expose-Headers",
        "Content-Disposition, Content-Length, Content-Type, Retry-After");
    chain.doFilter(request, response);
  }

  private boolean allowed(HttpServletRequest request) {
    // Looked up by its public key across tenants, as the visitor socket's handshake does.
    Optional<Site> site =
        TenantScope.acrossTenants(() -> sites.enabledByKey(request.getParameter("site")));
    return site.isPresent()
        && site.get().allowsOrigin(request.getHeader("Origin"))
        && (request.getHeader(VisitorCaller.HEADER) != null
            || "OPTIONS".equals(request.getMethod()));
  }
}
