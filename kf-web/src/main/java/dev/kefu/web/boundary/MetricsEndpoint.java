package dev.kefu.web.boundary;

import dev.kefu.metrics.boundary.Metrics;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /metrics}: this node's {@link Metrics} in Prometheus's text format, for a scraper that
 * sends {@code Authorization: Bearer <kf.metrics.token>}. Without a token set, the metrics are off
 * (404); a request without the token, or with another, gets 401. The figures say how busy the
 * installation is, so they are nobody's business but its operators'.
 */
@WebServlet("/metrics")
public class MetricsEndpoint extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(MetricsEndpoint.class.getName());

  @Inject transient Metrics metrics;

  @Inject
  @ConfigProperty(name = "kf.metrics.token")
  transient Optional<String> token;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    Optional<String> expected = token.map(String::strip).filter(t -> !t.isEmpty());
    if (expected.isEmpty()) {
      answer(
          response,
          HttpServletResponse.SC_NOT_FOUND,
          "Kefu's metrics are off: set kf.metrics.token (KF_METRICS_TOKEN) and scrape /metrics"
              + " with it as a bearer token.\n");
      return;
    }
    if (!matches(request.getHeader("Authorization"), "Bearer " + expected.get())) {
      LOG.info(
          () ->
              "/metrics refused to "
                  + request.getRemoteAddr()
                  + ": "
                  + (request.getHeader("Authorization") == null
                      ? "no bearer token"
                      : "not the token of kf.metrics.token"));
      response.setHeader("WWW-Authenticate", "Bearer realm=\"kefu-metrics\"");
      answer(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          "Send the token of kf.metrics.token as Authorization: Bearer <token>.\n");
      return;
    }
    response.setContentType(Metrics.CONTENT_TYPE);
    response.getOutputStream().write(metrics.exposition().getBytes(StandardCharsets.UTF_8));
  }

  /** Compared in constant time, so that the answer's timing tells nothing of the token. */
  private static boolean matches(String given, String expected) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static void answer(HttpServletResponse response, int status, String text)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
  }
}
