package dev.kefu.chat.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.auth.boundary.WsTickets;
import dev.kefu.chat.control.Admission;
import dev.kefu.chat.control.Admissions;
import dev.kefu.chat.control.ChatLimits;
import dev.kefu.chat.control.Connections;
import dev.kefu.shared.ClientAddress;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.Site;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides every WebSocket handshake before it is upgraded, so that a refusal is an HTTP status and
 * never a socket: an unknown or disabled site or a foreign {@code Origin} is 403, a missing,
 * expired, reused or non-agent ticket 401, and a client address over its connection limit 429. What
 * it establishes reaches the endpoint as an {@link Admission}.
 */
public class HandshakeGate extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(HandshakeGate.class.getName());

  @Inject Sites sites;
  @Inject WsTickets tickets;
  @Inject Admissions admissions;
  @Inject Connections connections;
  @Inject ChatLimits limits;
  @Inject ClientAddress clientAddress;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      chain.doFilter(request, response);
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Admission admission;
    try {
      admission =
          switch (path) {
            case "/ws/visitor" -> admitVisitor(request, response);
            case "/ws/agent" -> admitAgent(request, response);
            default -> {
              refuse(response, HttpServletResponse.SC_NOT_FOUND, "no such endpoint", request, path);
              yield null;
            }
          };
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "handshake failed for " + path, e);
      refuse(
          response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "try again later", request, path);
      return;
    }
    if (admission != null) {
      chain.doFilter(new Admitted(request, admissions.file(admission)), response);
    }
  }

  private Admission admitVisitor(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<Site> site = sites.enabledByKey(request.getParameter("site"));
    if (site.isEmpty()) {
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "unknown site", request, "/ws/visitor");
      return null;
    }
    String origin = request.getHeader("Origin");
    if (!site.get().allowsOrigin(origin) && !isOwnOrigin(request, origin)) {
      refuse(
          response, HttpServletResponse.SC_FORBIDDEN, "origin not allowed", request, "/ws/visitor");
      return null;
    }
    // Behind a trusted reverse proxy every visitor arrives from the proxy's address.
    String ip = clientIp(request);
    if (connections.openFrom(site.get().id(), ip) >= limits.maxConnectionsPerIp()) {
      refuse(response, 429, "too many connections", request, "/ws/visitor");
      return null;
    }
    return new Admission(
        Admission.Side.VISITOR,
        site.get().id(),
        null,
        ip,
        request.getHeader("User-Agent"),
        Instant.now());
  }

  private Admission admitAgent(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<Agent> agent = tickets.redeem(request.getParameter("ticket"));
    if (agent.isEmpty()) {
      refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid ticket", request, "/ws/agent");
      return null;
    }
    return new Admission(
        Admission.Side.AGENT,
        null,
        agent.get().id(),
        clientIp(request),
        request.getHeader("User-Agent"),
        Instant.now());
  }

  private String clientIp(HttpServletRequest request) {
    return clientAddress.of(
        request.getRemoteAddr(), request.getHeaders(ClientAddress.FORWARDED_FOR));
  }

  /** Kefu's own pages (the demo page) may always open visitor sockets. */
  private static boolean isOwnOrigin(HttpServletRequest request, String origin) {
    if (origin == null) {
      return false;
    }
    String host = request.getHeader("Host");
    return host != null && origin.equalsIgnoreCase(request.getScheme() + "://" + host);
  }

  private void refuse(
      HttpServletResponse response,
      int status,
      String reason,
      HttpServletRequest request,
      String path)
      throws IOException {
    LOG.info(
        () ->
            "handshake refused ("
                + status
                + " "
                + reason
                + ") on "
                + path
                + " from "
                + clientIp(request));
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().write(reason);
  }

  /**
   * The handshake request with the admission's key added as a parameter, and any key the client
   * sent itself removed, so only the gate can name an admission.
   */
  private static final class Admitted extends HttpServletRequestWrapper {

    private final String queryString;
    private final Map<String, String[]> parameters;

    Admitted(HttpServletRequest request, String admissionKey) {
      super(request);
      StringBuilder query = new StringBuilder();
      String original = request.getQueryString();
      if (original != null) {
        for (String part : original.split("&")) {
          if (!part.isEmpty() && !part.split("=", 2)[0].equals(Admissions.PARAMETER)) {
            query.append(part).append('&');
          }
        }
      }
      query
          .append(Admissions.PARAMETER)
          .append('=')
          .append(URLEncoder.encode(admissionKey, StandardCharsets.UTF_8));
      this.queryString = query.toString();
      Map<String, String[]> copy = new LinkedHashMap<>(request.getParameterMap());
      copy.put(Admissions.PARAMETER, new String[] {admissionKey});
      this.parameters = Collections.unmodifiableMap(copy);
    }

    @Override
    public String getQueryString() {
      return queryString;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return parameters;
    }

    @Override
    public String getParameter(String name) {
      String[] values = parameters.get(name);
      return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
      return parameters.get(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(parameters.keySet());
    }
  }
}
