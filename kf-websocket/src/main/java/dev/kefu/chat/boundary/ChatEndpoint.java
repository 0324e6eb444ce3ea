package dev.kefu.chat.boundary;

import dev.kefu.audit.boundary.Refusals;
import dev.kefu.audit.boundary.Refusals.Refusal;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.ActorType;
import dev.kefu.chat.control.Admission;
import dev.kefu.chat.control.Admissions;
import dev.kefu.chat.control.Arrivals;
import dev.kefu.chat.control.ChatLimits;
import dev.kefu.chat.control.Connection;
import dev.kefu.chat.control.Connections;
import dev.kefu.chat.control.Frames;
import dev.kefu.chat.control.IncomingFrame;
import dev.kefu.chat.control.ShutdownDrain;
import dev.kefu.conversation.boundary.Posted;
import dev.kefu.health.boundary.NodeHealth;
import dev.kefu.metrics.boundary.Metrics;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;
import dev.kefu.tenant.control.TenantScope;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What visitor and agent sockets share: the admission made at the handshake, the frame-rate limit,
 * parsing, the rule that {@code hello} comes first, and turning refusals into {@code error} frames
 * while the connection stays usable.
 */
abstract class ChatEndpoint {

  private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());

  @Inject Admissions admissions;
  @Inject Arrivals arrivals;
  @Inject ChatLimits limits;
  @Inject Refusals refusals;
  @Inject Connections connections;
  @Inject NodeHealth health;
  @Inject ShutdownDrain drain;
  @Inject Metrics metrics;

  /** How long a socket's first frame waits at most for its handshake to leave the upgrade. */
  private static final Duration UPGRADE_WAIT = Duration.ofSeconds(2);

  /** Whether the handshake's thread is known to have left the upgrade. */
  private boolean upgradeOver;

  /** When the frame being handled arrived ({@link System#nanoTime}), for its ack's latency. */
  private long frameArrived;

  Connection connection;
  private String tenantId;

  /** Takes the admission the handshake gate filed; false (and closed) when there is none. */
  boolean admit(Session session, Admission.Side side) {
    List<String> keys = session.getRequestParameterMap().get(Admissions.PARAMETER);
    Admission admission =
        keys == null || keys.isEmpty() ? null : admissions.claim(keys.get(keys.size() - 1));
    if (admission == null || admission.side() != side) {
      if (admission != null) {
        connections.closed(admission);
      }
      LOG.warning("socket opened without an admission from the handshake gate; closing it");
      closeQuietly(session, new CloseReason(CloseCodes.VIOLATED_POLICY, "not admitted"));
      return false;
    }
    session.setMaxTextMessageBufferSize(limits.maxFrameBytes());
    session.setMaxBinaryMessageBufferSize(limits.maxFrameBytes());
    // The container closes a silent socket; its timer runs on SocketTimer's scheduler.
    session.setMaxIdleTimeout(limits.idleTimeoutMillis());
    connection = new Connection(session, admission, limits.newRateLimit(), limits.outbound());
    connections.opened(connection);
    return true;
  }

  /**
   * The socket has closed: its place and what still waited for it are given back. False when this
   * was reported before: there is nothing more to do.
   *
   * <p>A close with 1009 is a frame over the limit, and audited here rather than where Kefu
   * measures a frame: the container closes with 1009 by itself when an oversized frame arrives in
   * pieces, and the close is where both are seen.
   */
  boolean closed(CloseReason reason) {
    connection.discard();
    connections.gone(connection);
    if (!connection.firstCloseReport()) {
      return false;
    }
    if (reason != null && reason.getCloseCode().getCode() == CloseCodes.TOO_BIG.getCode()) {
      refusals.record(
          refusal(
              Action.SOCKET_FRAME_TOO_BIG,
              "size",
              Jsonp.createObjectBuilder().add("maxBytes", limits.maxFrameBytes()).build()));
    }
    connections.closed(connection.admission());
    return true;
  }

  /**
   * The tenant whose data this socket works on: the tenant of the visitor's site, or of the agent
   * the ticket was issued to; null refuses the socket.
   */
  abstract String tenantOf(Admission admission);

  /**
   * Runs {@code work} in the socket's tenant scope: every query inside sees that tenant only. The
   * tenant is looked up at the first need, not while the socket opens, so that opening (and the
   * count of a client address's open sockets) stays as quick as the handshake. False, with nothing
   * run, when the socket has no tenant: it must not work unfiltered.
   */
  boolean inTenant(Runnable work) {
    if (tenantId == null) {
      tenantId = tenantOf(connection.admission());
    }
    if (tenantId == null) {
      return false;
    }
    TenantScope.run(tenantId, work);
    return true;
  }

  /** Handles one text frame from the client, in the socket's tenant scope. */
  void receive(String text) {
    if (connection == null) {
      return;
    }
    if (!upgradeOver) {
      // Nothing this frame leads to (an answer that closes the socket, say) may overtake the
      // handshake's thread, still in the container's upgrade: see Admission.Upgrade.
      upgradeOver = true;
      if (!connection.admission().upgrade().awaitLeft(UPGRADE_WAIT)) {
        LOG.fine(() -> "handshake still upgrading at the first frame of " + connection.id());
      }
    }
    frameArrived = System.nanoTime();
    if (!drain.begin()) {
      // Not handled, so not acknowledged: the client sends it again where it resumes.
      refuse("unavailable", "the server is shutting down; connect again", null);
      return;
    }
    try {
      if (!inTenant(() -> handleFrame(text))) {
        connection.close(CloseCodes.VIOLATED_POLICY, "not admitted");
      }
    } catch (RuntimeException failure) {
      // Finding the socket's tenant failed (the database is down, say): the server's fault.
      LOG.log(Level.WARNING, "frame failed on connection " + connection.id(), failure);
      health.reportIfFatal(failure);
      refuse("unavailable", "the server could not handle this frame; try again", null);
    } finally {
      drain.done();
    }
  }

  /**
   * A binary frame: the protocol speaks JSON text only, so it is refused as a malformed frame (and
   * before {@code hello} ends the socket), counted against the frame rate like any other.
   */
  void receiveBinary() {
    if (connection == null) {
      return;
    }
    if (!connection.withinRate()) {
      connection.close(CloseCodes.VIOLATED_POLICY, "rate limit");
      return;
    }
    refuseMalformed(
        new IncomingFrame.Malformed("frames are JSON text; a binary frame is not taken"));
  }

  private void handleFrame(String text) {
    if (limits.overFrameLimit(text)) {
      LOG.info(() -> "closing connection " + connection.id() + ": frame over the size limit");
      connection.close(CloseCodes.TOO_BIG, "frame too big"); // audited in closed()
      return;
    }
    if (!connection.withinRate()) {
      int strikes = connection.strike();
      if (strikes == 1) {
        refusals.record(refusal(Action.SOCKET_RATE_LIMITED, "frames", null));
      }
      refuse("rate_limited", "too many frames; slow down", null);
      if (strikes >= limits.rateStrikes()) {
        LOG.info(() -> "closing connection " + connection.id() + ": over its frame rate");
        connection.close(CloseCodes.VIOLATED_POLICY, "rate limit");
      }
      return;
    }
    IncomingFrame frame;
    try {
      frame = IncomingFrame.parse(text);
    } catch (IncomingFrame.Malformed malformed) {
      refuseMalformed(malformed);
      return;
    }
    String ref = refOf(frame);
    connection.hold();
    try {
      if (!connection.greeted()) {
        if (!"hello".equals(frame.type())) {
          refuse("unauthorized", "the first frame must be hello", ref);
          connection.close(CloseCodes.VIOLATED_POLICY, "hello first");
          return;
        }
        Long protocol = frame.number("protocol");
        if (protocol != null && protocol != 1) {
          throw new RuleViolation("bad_request", "unsupported protocol version " + protocol);
        }
        boolean welcomed = false;
        try {
          hello(frame);
          connection.greet();
          welcomed = true;
        } finally {
          // Welcomed or refused: either way no longer one of the node's arrivals.
          if (welcomed) {
            arrivals.welcomed(connection.admission());
          } else {
            arrivals.leave(connection.admission());
          }
        }
        return;
      }
      switch (frame.type()) {
        case "ping" -> connection.reply(Frames.pong());
        case "hello" -> refuse("bad_request", "hello was already received", ref);
        default -> {
          if (!handle(frame)) {
            refuse("bad_request", "unknown type: " + clip(frame.type()), ref);
          }
        }
      }
    } catch (RuleViolation refused) {
      refuse(refused.code(), refused.getMessage(), ref, refused.field());
    } catch (NotFoundException missing) {
      refuse("not_found", missing.getMessage(), ref);
    } catch (VirtualMachineError fatal) {
      health.reportIfFatal(fatal);
      throw fatal;
    } catch (RuntimeException | Error failure) {
      // A fault of the server, not of the frame: the client may try again, unless the fault
      // shows that this node cannot go on (its embedded database closed).
      LOG.log(Level.WARNING, "frame failed on connection " + connection.id(), failure);
      health.reportIfFatal(failure);
      refuse("unavailable", "the server could not handle this frame; try again", ref);
    } finally {
      connection.release();
    }
  }

  /**
   * A frame that is not valid JSON, not valid text, or beyond the parser's limits: {@code
   * bad_request}, logged once per connection (a broken or hostile client would otherwise fill the
   * log). Before {@code hello} it also ends the socket (1008): nothing else may come first.
   */
  private void refuseMalformed(IncomingFrame.Malformed malformed) {
    if (connection.firstMalformed()) {
      LOG.info(
          () ->
              "connection "
                  + connection.id()
                  + " sent a malformed frame ("
                  + malformed.getMessage()
                  + "); further ones on it are answered but not logged");
    }
    refuse(malformed.code(), malformed.getMessage(), malformed.ref(), malformed.field());
    if (!connection.greeted()) {
      connection.close(CloseCodes.VIOLATED_POLICY, "hello first");
    }
  }

  /**
   * A refusal on this socket for the audit log: by the visitor or agent once known, from the
   * address and on the site of the handshake.
   */
  Refusal refusal(String action, String reason, JsonObject detail) {
    Admission admission = connection.admission();
    boolean agent = admission.side() == Admission.Side.AGENT;
    String actor =
        agent
            ? admission.agentId()
            : connection.visitorId() == null ? "visitor" : connection.visitorId();
    return new Refusal(
        admission.tenantId(),
        admission.siteId(),
        actor,
        agent ? ActorType.AGENT : ActorType.ANONYMOUS,
        admission.clientIp(),
        action,
        reason,
        detail);
  }

  /** Answers the client with an {@code error} frame, counted by its code in the metrics. */
  void refuse(String code, String message, String ref) {
    refuse(code, message, ref, null);
  }

  void refuse(String code, String message, String ref, String field) {
    metrics.errors().inc("socket", code);
    connection.reply(Frames.error(code, message, ref, field));
  }

  /** Acknowledges a stored message, counting the time since its frame arrived. */
  void acknowledge(Posted posted) {
    connection.reply(Frames.ack(posted));
    metrics
        .acks()
        .observeNanos(
            System.nanoTime() - frameArrived,
            connection.admission().side() == Admission.Side.AGENT ? "agent" : "visitor");
  }

  /** Answers the client's {@code hello}. */
  abstract void hello(IncomingFrame frame);

  /**
   * Handles a frame after {@code hello} ({@code hello} and {@code ping} are answered here); false
   * for a type this endpoint does not know.
   */
  abstract boolean handle(IncomingFrame frame);

  static String refOf(IncomingFrame frame) {
    try {
      String clientMsgId = frame.string("clientMsgId");
      return clientMsgId != null && clientMsgId.length() <= 64 ? clientMsgId : null;
    } catch (RuleViolation notAString) {
      return null;
    }
  }

  /** The value cut to 40 characters on a grapheme boundary: never half of an emoji's pair. */
  static String clip(String value) {
    return value.length() <= 40 ? value : Text.clip(value, 40) + "…";
  }

  static void closeQuietly(Session session, CloseReason reason) {
    try {
      session.close(reason);
    } catch (Exception e) {
      LOG.log(Level.FINE, "close failed", e);
    }
  }
}
