package dev.kefu.chat.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.audit.boundary.Refusals;
import dev.kefu.audit.boundary.Refusals.Refusal;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.ActorType;
import dev.kefu.auth.boundary.WsTickets;
import dev.kefu.chat.control.Admission;
import dev.kefu.chat.control.Admissions;
import dev.kefu.chat.control.Arrivals;
import dev.kefu.chat.control.ChatLimits;
import dev.kefu.chat.control.Connections;
import dev.kefu.chat.control.ShutdownDrain;
import dev.kefu.metrics.boundary.Metrics;
import dev.kefu.shared.ClientAddress;
import dev.kefu.shared.Jsonp;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.Site;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides every WebSocket handshake before it is upgraded, so that a refusal is an HTTP status and
 * never a socket: an unknown or disabled site or a foreign {@code Origin} is 403, a missing,
 * expired, reused or non-agent ticket 401, and a client address over its connection limit 429 (a
 * visitor socket counts against that limit from the moment its handshake is admitted here, until it
 * closes or its handshake fails). What it establishes reaches the endpoint as an {@link Admission}.
 * Every refusal is audited ({@link Refusals}, throttled per address), and logged when it is
 * audited.
 */
public class HandshakeGate extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(HandshakeGate.class.getName());

  @Inject Sites sites;
  @Inject Metrics metrics;
  @Inject WsTickets tickets;
  @Inject Admissions admissions;
  @Inject Connections connections;
  @Inject ChatLimits limits;
  @Inject ClientAddress clientAddress;
  @Inject Refusals refusals;
  @Inject ShutdownDrain drain;
  @Inject Arrivals arrivals;

  /** When the last handshake refused for a full node was logged: once a minute at most. */
  private final AtomicLong busyLogged = new AtomicLong();

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      chain.doFilter(request, response);
      return;
    }
    if (drain.draining()) {
      answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "shutting down; connect again");
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
              answer(response, HttpServletResponse.SC_NOT_FOUND, "no such endpoint");
              yield null;
            }
          };
    } catch (RuntimeException e) {
      if (recycledUnderUs(e)) {
        // The client closed its connection and the container recycled this request while it was
        // still being decided: an answer written now would go out on another client's connection.
        LOG.log(Level.FINE, e, () -> "handshake on " + path + " ended by the client");
        return;
      }
      LOG.log(Level.WARNING, "handshake failed for " + path, e);
      answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "try again later");
      return;
    }
    if (admission != null) {
      String key = admissions.file(admission);
      boolean upgraded = false;
      try {
        chain.doFilter(new Admitted(request, key), response);
        upgraded = response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
      } catch (IOException gone) {
        // The client closed the connection before the upgrade's answer was written (it gave up
        // waiting, in a storm of reconnects): no socket opens, its place is given back below, and
        // the container does not log a client's leaving as the server's failure.
        LOG.log(Level.FINE, gone, () -> "handshake on " + path + " ended by the client");
      } finally {
        // The socket's first frame waits for this (Admission.Upgrade).
        admission.upgrade().left();
        if (!upgraded) {
          admissions.abandon(key);
        }
      }
    }
  }

  /**
   * Whether the failure is the container's request recycled under the handshake (Grizzly's request
   * no longer has its connection): then nothing may be written to it.
   */
  static boolean recycledUnderUs(RuntimeException e) {
    if (!(e instanceof NullPointerException)) {
      return false;
    }
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length > 0 && trace[0].getClassName().startsWith("org.glassfish.grizzly.");
  }

  private Admission admitVisitor(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (arrivals.full()) {
      // Before anything is looked up: in a storm of arrivals a refusal must cost nothing.
      busy(response);
      return null;
    }
    Optional<Site> site = sites.enabledByKey(request.getParameter("site"));
    String origin = request.getHeader("Origin");
    // Behind a trusted reverse proxy every visitor arrives from the proxy's address.
    String ip = clientIp(request);
    if (site.isEmpty()) {
      refuse(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "unknown site",
          new Refusal(
              null,
              null,
              "visitor",
              ActorType.ANONYMOUS,
              ip,
              Action.HANDSHAKE_REFUSED,
              "unknown_site",
              detail(HttpServletResponse.SC_FORBIDDEN, "/ws/visitor", origin)));
      return null;
    }
    if (!site.get().allowsOrigin(origin) && !isOwnOrigin(request, origin)) {
      refuse(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "origin not allowed",
          visitorRefusal(site.get(), ip, "origin", HttpServletResponse.SC_FORBIDDEN, origin));
      return null;
    }
    if (!connections.reserve(site.get().id(), ip, limits.maxConnectionsPerIp())) {
      refuse(
          response,
          429,
          "too many connections",
          visitorRefusal(site.get(), ip, "connections", 429, origin));
      return null;
    }
    Admission admission =
        new Admission(
            Admission.Side.VISITOR,
            site.get().tenantId(),
            site.get().id(),
            null,
            ip,
            request.getHeader("User-Agent"),
            Instant.now());
    if (!arrivals.enter(admission)) {
      connections.closed(admission);
      busy(response);
      return null;
    }
    return admission;
  }

  /**
   * A visitor's handshake refused because the node greets as many arrivals as it can already
   * ({@link Arrivals}): 503, which the widget tries again after a moment, as after any failed
   * handshake. Load, not an attack: counted, not audited, and logged once a minute at most.
   */
  private void busy(HttpServletResponse response) throws IOException {
    metrics.errors().inc("handshake", "503");
    long now = System.nanoTime();
    long last = busyLogged.get();
    if ((last == 0 || now - last > 60_000_000_000L) && busyLogged.compareAndSet(last, now)) {
      LOG.info(
          () ->
              "visitor handshakes answered 503: "
                  + arrivals.count()
                  + " arrivals wait for their welcome (kf.ws.max-arriving-visitors); logged once a"
                  + " minute while it lasts");
    }
    response.setHeader("Retry-After", "2");
    answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "busy; try again in a moment");
  }

  private Admission admitAgent(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<Agent> agent = tickets.redeem(request.getParameter("ticket"));
    if (agent.isEmpty()) {
      refuse(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          "invalid ticket",
          new Refusal(
              null,
              null,
              "agent",
              ActorType.ANONYMOUS,
              clientIp(request),
              Action.HANDSHAKE_REFUSED,
              "ticket",
              detail(
                  HttpServletResponse.SC_UNAUTHORIZED, "/ws/agent", request.getHeader("Origin"))));
      return null;
    }
    return new Admission(
        Admission.Side.AGENT,
        agent.get().tenantId(),
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

  /** Answers a refused handshake with its status, audits it, and logs it when it is audited. */
  private void refuse(HttpServletResponse response, int status, String text, Refusal refusal)
      throws IOException {
    metrics.errors().inc("handshake", Integer.toString(status));
    if (refusals.record(refusal)) {
      LOG.info(
          () ->
              "handshake refused ("
                  + status
                  + " "
                  + text
                  + ") from "
                  + refusal.ip()
                  + "; further refusals of this kind from there are counted in the audit log");
    }
    answer(response, status, text);
  }

  private static void answer(HttpServletResponse response, int status, String text)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().write(text);
  }

  private static Refusal visitorRefusal(
      Site site, String ip, String reason, int status, String origin) {
    return new Refusal(
        site.tenantId(),
        site.id(),
        "visitor",
        ActorType.ANONYMOUS,
        ip,
        Action.HANDSHAKE_REFUSED,
        reason,
        detail(status, "/ws/visitor", origin));
  }

  /** The status, the endpoint and the page's origin as it claimed it (cut to 200 characters). */
  private static JsonObject detail(int status, String path, String origin) {
    var detail = Jsonp.createObjectBuilder().add("status", status).add("path", path);
    if (origin != null) {
      detail.add("origin", origin.length() <= 200 ? origin : origin.substring(0, 200));
    }
    return detail.build();
  }

  /**
   * The handshake request with the admission's key added as a parameter, and any key the client
   * sent itself removed, so only the gate can name an admission.
   *
   * <p>It names only the headers of the WebSocket handshake itself ({@link #getHeaderNames}): the
   * container's WebSocket layer copies every header named there into the handshake request that it
   * keeps as long as the socket is open, and a browser sends half a dozen more (its user agent, its
   * languages, encodings and cache directives, cookies), about 1.5 KB of heap per socket that
   * nothing reads again: the endpoint has what it needs in its {@link Admission}. A header asked
   * for by name is still answered.
   */
  static final class Admitted extends HttpServletRequestWrapper {

    private static final Set<String> HANDSHAKE_HEADERS =
        Set.of(
            "host",
            "upgrade",
            "connection",
            "origin",
            "sec-websocket-key",
            "sec-websocket-version",
            "sec-websocket-protocol",
            "sec-websocket-extensions");

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

    @Override
    public Enumeration<String> getHeaderNames() {
      List<String> names = new ArrayList<>();
      for (Enumeration<String> all = super.getHeaderNames(); all.hasMoreElements(); ) {
        String name = all.nextElement();
        if (HANDSHAKE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          names.add(name);
        }
      }
      return Collections.enumeration(names);
    }
  }
}
