package dev.kefu.web.control;

import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.control.TenantScope;
import dev.kefu.tenant.entity.Site;
import dev.kefu.visitor.boundary.Visitors;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The visitor behind an HTTP request of the widget: the header {@value #HEADER} carries the token
 * the visitor socket issued, and {@code ?site=<siteKey>} names the site. The token must be a
 * genuine, unexpired one of that (enabled) site, and a browser page's {@code Origin} one of the
 * site's allowed origins (or Kefu's own, for the demo page). Staff sessions count for nothing here:
 * a request that carries the header is a visitor's, whatever cookie comes with it.
 */
@RequestScoped
public class VisitorCaller {

  /** The header that carries the visitor's token. */
  public static final String HEADER = "X-Kefu-Visitor";

  private static final Logger LOG = Logger.getLogger(VisitorCaller.class.getName());

  /** A visitor known by their token: their site's tenant and site, and their id. */
  public record Visitor(String tenantId, String siteId, String visitorId) {}

  @Inject HttpServletRequest request;
  @Inject Sites sites;
  @Inject Visitors visitors;

  /** Whether the request says it is a visitor's. */
  public boolean present() {
    return request.getHeader(HEADER) != null;
  }

  /**
   * The visitor; 403 for an unknown or disabled site or a page of an origin the site does not
   * allow, 401 for a missing, forged, expired or other site's token.
   */
  public Visitor require() {
    // The site and the visitor are found by their public key and token, across tenants, as the
    // visitor socket's handshake does: the visitor's tenant is what this finds out.
    Optional<Site> site =
        TenantScope.acrossTenants(() -> sites.enabledByKey(request.getParameter("site")));
    if (site.isEmpty()) {
      throw Caller.failure(Response.Status.FORBIDDEN, "forbidden", "unknown site");
    }
    if (!allowedOrigin(site.get(), request)) {
      LOG.fine(() -> "visitor request from an origin the site does not allow: " + site.get().id());
      throw Caller.failure(Response.Status.FORBIDDEN, "forbidden", "origin not allowed");
    }
    Optional<String> visitorId =
        TenantScope.acrossTenants(() -> visitors.ofToken(site.get(), request.getHeader(HEADER)));
    if (visitorId.isEmpty()) {
      throw Caller.failure(
          Response.Status.UNAUTHORIZED, "unauthorized", "visitor token not accepted");
    }
    return new Visitor(site.get().tenantId(), site.get().id(), visitorId.get());
  }

  /**
   * A page of one of the site's origins, or of Kefu itself; no {@code Origin} at all is a request
   * that no browser page made across origins, where the token alone decides.
   */
  public static boolean allowedOrigin(Site site, HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    return origin == null
        || site.allowsOrigin(origin)
        || SameOrigin.matches(origin, request.getHeader("Host"));
  }
}
