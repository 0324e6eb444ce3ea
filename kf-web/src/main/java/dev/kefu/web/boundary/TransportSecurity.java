package dev.kefu.web.boundary;

import dev.kefu.web.control.ErrorAnswer;
import dev.kefu.web.control.RequestScheme;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code kf.http.require-tls=true}, Kefu answers over HTTPS only (the first filter, so that
 * nothing else sees a plain request):
 *
 * <ul>
 *   <li>{@code GET} and {@code HEAD} over plain HTTP are sent to the same path and query over HTTPS
 *       (301), at {@code kf.http.public-url} when it is an {@code https://} address, else at the
 *       request's host on the default port;
 *   <li>any other method, and a WebSocket upgrade, is refused with 403 {@code https_required} in
 *       the API's error shape: what it carried has crossed the network in clear already, and a
 *       redirect would invite the client to send it again;
 *   <li>the health checks, {@code /api/v1/status} and MicroProfile Health's {@code /health}, {@code
 *       /health/ready}, {@code /health/live} and {@code /health/started}, are served as they come,
 *       so that a load balancer may probe over plain HTTP. (Payara puts {@code /health} into the
 *       application at the root context, so this filter sees it when Kefu is there; at another
 *       context root it is the server's and never reaches Kefu.)
 * </ul>
 *
 * A request counts as HTTPS by {@link RequestScheme#overTls}: its own connection, or a trusted
 * reverse proxy's {@code X-Forwarded-Proto: https}. Refusals are logged at most once a minute, with
 * how many there were, so that a client that keeps trying cannot fill the log.
 */
public class TransportSecurity extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(TransportSecurity.class.getName());
  private static final String STATUS = "/api/v1/status";
  private static final String HEALTH = "/health";
  private static final long LOG_EVERY_NANOS = 60_000_000_000L;

  @Inject
  @ConfigProperty(name = "kf.http.require-tls", defaultValue = "false")
  boolean requireTls;

  @Inject
  @ConfigProperty(name = "kf.http.public-url")
  Optional<String> publicUrl;

  @Inject RequestScheme scheme;

  private Optional<String> httpsBase = Optional.empty();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  @Override
  public void init(FilterConfig config) throws ServletException {
    super.init(config);
    httpsBase = httpsBase(publicUrl);
    if (requireTls) {
      LOG.info("kf.http.require-tls: plain HTTP is redirected to HTTPS or refused");
      if (publicUrl.filter(u -> !u.isBlank()).isPresent() && httpsBase.isEmpty()) {
        LOG.warning(
            "kf.http.public-url is not an https:// address; plain HTTP is redirected to the"
                + " request's own host instead");
      }
    }
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!requireTls || scheme.overTls(request) || isHealthCheck(path)) {
      chain.doFilter(request, response);
      return;
    }
    boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (!upgrade && (method.equals("GET") || method.equals("HEAD"))) {
      Optional<String> target =
          target(
              httpsBase,
              request.getHeader("Host"),
              request.getContextPath(),
              path,
              request.getQueryString());
      if (target.isPresent()) {
        response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        response.setHeader("Location", target.get());
        response.setContentLength(0);
        return;
      }
    }
    noteRefusal(method, upgrade);
    ErrorAnswer.write(
        response,
        HttpServletResponse.SC_FORBIDDEN,
        "https_required",
        "this server answers over HTTPS only; use its https:// address");
  }

  static boolean isHealthCheck(String path) {
    return path.equals(STATUS) || path.equals(HEALTH) || path.startsWith(HEALTH + "/");
  }

  /**
   * Where a plain {@code GET} goes: the same path and query under the public HTTPS address, or else
   * under {@code https://} and the request's host (without its port, which is the plain one); empty
   * when the {@code Host} header is not a plain host name or address.
   */
  static Optional<String> target(
      Optional<String> httpsBase, String host, String contextPath, String path, String query) {
    String rest = path + (query == null ? "" : "?" + query);
    if (httpsBase.isPresent()) {
      return Optional.of(httpsBase.get() + rest);
    }
    return RequestScheme.plainHost(host).map(name -> "https://" + name + contextPath + rest);
  }

  /**
   * The public address when it is an {@code https://} one, without a trailing slash: Kefu's root as
   * browsers see it, the context root included.
   */
  static Optional<String> httpsBase(Optional<String> publicUrl) {
    return publicUrl
        .map(String::strip)
        .filter(u -> u.regionMatches(true, 0, "https://", 0, 8) && u.length() > 8)
        .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  private void noteRefusal(String method, boolean upgrade) {
    long count = refused.incrementAndGet();
    long last = lastLogged.get();
    long now = System.nanoTime();
    if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
      refused.addAndGet(-count);
      LOG.info(
          () ->
              "refused "
                  + count
                  + " request(s) over plain HTTP (kf.http.require-tls), the latest a "
                  + (upgrade ? "WebSocket upgrade" : method));
    }
  }
}
