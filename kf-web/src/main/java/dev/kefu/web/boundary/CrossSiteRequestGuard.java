package dev.kefu.web.boundary;

import dev.kefu.web.control.SameOrigin;
import dev.kefu.web.control.VisitorCaller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Refuses cross-site requests that would change something with the browser's session cookie (CSRF),
 * and cross-site sign-ins (login CSRF), on the REST API.
 *
 * <p>A {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE} that carries the session cookie
 * must prove it comes from Kefu's own pages: its {@code Origin} (or, without one, its {@code
 * Referer}) names this server, or it carries the header {@value #HEADER}, which a page of another
 * site cannot add without a CORS preflight that Kefu never grants. A foreign {@code Origin} or
 * {@code Referer} is refused whatever else the request carries. The sign-in itself is refused from
 * a foreign page too, so no other site can sign a browser in to an account of its choosing.
 * Requests with an {@code Authorization} header (Bearer, Basic) are left alone: browsers do not add
 * it to cross-site requests by themselves. Nor are the widget's requests to {@code /api/v1/files}
 * with the visitor header ({@link VisitorCaller#HEADER}): they come from customers' pages by
 * design, a page can add that header only after a CORS preflight that Kefu grants to the site's own
 * origins without credentials, and a request that carries it acts as that visitor and never with a
 * staff session. Refusals are {@code 403 {"error":"cross_site"}}.
 */
public class CrossSiteRequestGuard extends HttpFilter {

  /** The header Kefu's own scripts add to every call that changes something. */
  public static final String HEADER = "X-Kefu-CSRF";

  private static final Logger LOG = Logger.getLogger(CrossSiteRequestGuard.class.getName());
  private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!UNSAFE.contains(request.getMethod())
        || request.getHeader("Authorization") != null
        || isVisitorFileRequest(request)) {
      chain.doFilter(request, response);
      return;
    }
    String host = request.getHeader("Host");
    String origin = request.getHeader("Origin");
    String referer = request.getHeader("Referer");
    boolean foreign =
        origin != null
            ? !SameOrigin.matches(origin, host)
            : referer != null && !SameOrigin.matches(referer, host);
    boolean proven =
        !foreign && (origin != null || referer != null || request.getHeader(HEADER) != null);
    if (foreign || (hasSessionCookie(request) && !proven)) {
      LOG.fine(
          () -> "cross-site " + request.getMethod() + " refused on " + request.getRequestURI());
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              "{\"error\":\"cross_site\",\"message\":\"a request from another site may not change"
                  + " anything\"}");
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean isVisitorFileRequest(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return request.getHeader(VisitorCaller.HEADER) != null
        && (path.equals("/api/v1/files") || path.startsWith("/api/v1/files/"));
  }

  private boolean hasSessionCookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return false;
    }
    String name = request.getServletContext().getSessionCookieConfig().getName();
    String session = name == null ? "JSESSIONID" : name;
    for (Cookie cookie : cookies) {
      if (session.equalsIgnoreCase(cookie.getName())) {
        return true;
      }
    }
    return false;
  }
}
