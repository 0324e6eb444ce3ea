package dev.kefu.web.boundary;

import dev.kefu.web.control.RequestScheme;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The browser-facing hardening of every answer of the web module.
 *
 * <ul>
 *   <li>Everywhere: {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy:
 *       same-origin}, so no address of a console page leaks to other sites.
 *   <li>Over TLS ({@link RequestScheme#overTls}, a trusted proxy's {@code X-Forwarded-Proto: https}
 *       included): {@code Strict-Transport-Security} for a year.
 *   <li>The consoles and the sign-in page: a Content-Security-Policy that allows scripts, styles
 *       and connections only from Kefu itself and no inline script, and that no other page may
 *       frame them ({@code frame-ancestors 'none'}, and {@code X-Frame-Options: DENY} for old
 *       browsers). The admin console's pages (Faces, {@code *.xhtml}) get their policy from
 *       PrimeFaces instead, which adds a nonce for its own scripts ({@code primefaces.CSP} in
 *       web.xml); this filter adds only the frame protection there.
 *   <li>The REST API: a policy that allows nothing, should an answer ever be opened as a page.
 *   <li>{@code /widget.js} and the demo page: no policy and no frame protection. The widget is
 *       loaded by customers' pages of any origin ({@link WidgetScriptHeaders}); the demo page
 *       stands for such a customer page.
 * </ul>
 *
 * WebSocket handshakes pass untouched.
 */
public class SecurityHeaders extends HttpFilter {

  static final String HSTS = "max-age=31536000";

  @Inject RequestScheme scheme;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    if (scheme.overTls(request)) {
      response.setHeader("Strict-Transport-Security", HSTS);
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    switch (area(path)) {
      case CONSOLE -> {
        response.setHeader("Content-Security-Policy", consolePolicy(request.getHeader("Host")));
        response.setHeader("X-Frame-Options", "DENY");
      }
      case FACES -> response.setHeader("X-Frame-Options", "DENY");
      case API -> {
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
      }
      case EMBEDDABLE -> {
        // Loaded or shown by customers' pages; see the class comment.
      }
    }
    chain.doFilter(request, response);
  }

  /** The parts of the application with different needs. */
  enum Area {
    CONSOLE,
    FACES,
    API,
    EMBEDDABLE
  }

  static Area area(String path) {
    if (path.equals("/widget.js") || path.startsWith("/demo/") || path.equals("/demo")) {
      return Area.EMBEDDABLE;
    }
    if (path.startsWith("/api/")) {
      return Area.API;
    }
    if (path.endsWith(".xhtml")
        || path.startsWith("/admin/")
        || path.startsWith("/jakarta.faces.")) {
      return Area.FACES;
    }
    return Area.CONSOLE;
  }

  /**
   * Only Kefu's own scripts, styles and images (and {@code data:} images, for the icons in the
   * pages), its own socket, no plugins, no framing, and forms that post only to Kefu.
   */
  static String consolePolicy(String host) {
    // The Host header is the client's: only a plain host[:port] may go into the policy.
    boolean plain = RequestScheme.plainHost(host).isPresent();
    String sockets = plain ? " ws://" + host + " wss://" + host : "";
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        + " connect-src 'self'"
        + sockets
        + "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
  }
}
