package dev.kefu.chat.boundary;

import dev.kefu.audit.entity.Action;
import dev.kefu.chat.control.Admission;
import dev.kefu.chat.control.AvailabilityPush;
import dev.kefu.chat.control.BrowserInfo;
import dev.kefu.chat.control.Frames;
import dev.kefu.chat.control.IncomingFrame;
import dev.kefu.chat.control.Replay;
import dev.kefu.chat.control.VisitorFrameType;
import dev.kefu.conversation.boundary.ConversationAccess;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.boundary.Messages;
import dev.kefu.conversation.boundary.Posted;
import dev.kefu.conversation.boundary.Prechat;
import dev.kefu.conversation.boundary.Ratings;
import dev.kefu.conversation.boundary.TextGroups;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.inbox.boundary.OfflineMessages;
import dev.kefu.inbox.entity.OfflineMessage;
import dev.kefu.protection.boundary.Blocks;
import dev.kefu.reception.boundary.Greetings;
import dev.kefu.reception.boundary.Hello;
import dev.kefu.reception.boundary.Reception;
import dev.kefu.reception.boundary.Welcome;
import dev.kefu.shared.RuleViolation;
import dev.kefu.visitor.boundary.Arrival;
import dev.kefu.visitor.boundary.Identity;
import dev.kefu.visitor.boundary.Visitors;
import dev.kefu.visitor.entity.VisitorContext;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The visitor's socket, {@code /ws/visitor?site=<siteKey>}: the widget's whole conversation. The
 * handshake gate has already checked the site, the page's origin and the per-address limit. A
 * refused token or identity is audited; on a site that requires a verified identity, a visitor
 * without one gets {@code error unauthorized} and the socket is closed with 1008. A blocked
 * visitor, or one from a blocked address range, gets {@code error blocked} and the same close
 * (audited, throttled, as {@code visitor.turned_away}).
 */
@ServerEndpoint(value = "/ws/visitor", configurator = EndpointInstances.class)
public class VisitorEndpoint extends ChatEndpoint {

  private static final Logger LOG = Logger.getLogger(VisitorEndpoint.class.getName());

  @Inject Visitors visitors;
  @Inject Greetings greetings;
  @Inject Conversations conversations;
  @Inject ConversationAccess access;
  @Inject Messages messages;
  @Inject TextGroups texts;
  @Inject Ratings ratings;
  @Inject OfflineMessages offlineMessages;

  /**
   * Whether the visitor had no open conversation when this socket last knew (at its welcome, or
   * before its first message was acknowledged): their next message likely opens one. A hint for
   * where the message is stored first, never a decision.
   */
  private boolean withoutChat;

  @OnOpen
  public void open(Session session) {
    admit(session, Admission.Side.VISITOR);
  }

  @OnMessage
  public void message(String text) {
    receive(text);
  }

  @OnMessage
  public void binary(ByteBuffer frame) {
    receiveBinary();
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
    if (connection == null || !closed(reason)) {
      return;
    }
    String visitorId = connection.visitorId();
    if (visitorId != null && connections.removeVisitor(visitorId, connection) == 0) {
      try {
        inTenant(() -> visitors.lostConnection(visitorId));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not note that visitor " + visitorId + " has gone", e);
      }
    }
  }

  @OnError
  public void error(Session session, Throwable failure) {
    LOG.log(Level.FINE, "visitor socket error", failure);
  }

  /**
   * One business call ({@link Reception#greet}) decides the whole welcome in one transaction
   * (shared with the hellos greeted together with this one, {@link Greetings}); the socket then
   * registers the visitor, tells what was refused, replays what they missed (a page at a time, as
   * they read) and sends {@code welcome} and, in line, their place.
   */
  @Override
  void hello(IncomingFrame frame) {
    Welcome welcome =
        greetings.greet(
            connection.admission().siteId(),
            new Hello(
                frame.string("visitorToken"),
                identity(frame),
                context(frame),
                resume(frame),
                connection.admission().clientIp()));
    if (welcome.tenantSuspended()) {
      // The site's tenant is suspended by the platform operator: a polite refusal, not a fault.
      refuse("tenant_suspended", "this chat is not available at the moment", null);
      connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "suspended");
      return;
    }
    if (welcome.isBlocked()) {
      refusals.record(
          refusal(
              Action.VISITOR_TURNED_AWAY,
              welcome.blocked() == Blocks.Refusal.VISITOR ? "visitor" : "address",
              null));
      connection.reply(Frames.blocked());
      connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "blocked");
      return;
    }
    Arrival arrival = welcome.arrival();
    if (arrival.tokenRefused()) {
      refusals.record(refusal(Action.VISITOR_TOKEN_REFUSED, "token", null));
    }
    if (arrival.identityRefused() || arrival.identityMissing()) {
      refusals.record(
          refusal(
              Action.VISITOR_IDENTITY_REFUSED,
              arrival.identityRefused() ? "invalid" : "missing",
              null));
    }
    if (welcome.turnedAway()) {
      refuse(
          "unauthorized",
          arrival.identityRefused()
              ? "identity not verified; this site requires a verified identity"
              : "this site requires a verified identity",
          null);
      connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "identity required");
      return;
    }
    String visitorId = arrival.visitor().id();
    VisitorContext context = context(frame);
    connection.visitorAt(
        context.pageUrl() != null ? context.pageUrl() : arrival.visitor().pageUrl(),
        context.locale() != null ? context.locale() : arrival.visitor().locale());
    AvailabilityPush.welcomed(connection, welcome);
    connections.addVisitor(visitorId, connection);
    if (arrival.tokenRefused()) {
      refuse("unauthorized", "visitor token not accepted; continuing as a new visitor", null);
    }
    if (arrival.identityRefused()) {
      refuse("unauthorized", "identity not verified; continuing without it", null);
    }
    if (welcome.resumeRefused()) {
      refuse("unauthorized", "cannot resume that conversation; it is ignored", null);
    }
    if (welcome.resumed() != null) {
      Replay.after(messages, welcome.resumed().id(), welcome.resumeAfterSeq(), connection);
    }
    withoutChat = welcome.current() == null || !welcome.current().isOpen();
    connection.reply(Frames.visitorWelcome(welcome));
    if (welcome.queued()) {
      connection.reply(
          Frames.queue(
              welcome.current().id(), welcome.queuePosition(), welcome.estimatedWaitSeconds()));
    }
  }

  /** The conversation the visitor wants to pick up, as {@code resume} names it; or none. */
  private static Hello.Resume resume(IncomingFrame frame) {
    JsonObject resume = frame.object("resume");
    if (resume == null) {
      return null;
    }
    Long lastSeq = IncomingFrame.number(resume, "lastSeq");
    return new Hello.Resume(
        IncomingFrame.string(resume, "conversationId"), lastSeq == null ? 0 : lastSeq);
  }

  /**
   * The tenant of the site the handshake found enabled. The site is not read again here: the first
   * frame must be {@code hello}, whose welcome ({@link Reception#greet}) refuses a site disabled
   * since.
   */
  @Override
  String tenantOf(Admission admission) {
    return admission.tenantId();
  }

  @Override
  boolean handle(IncomingFrame frame) {
    Optional<VisitorFrameType> type = VisitorFrameType.of(frame.type());
    if (type.isEmpty()) {
      return false;
    }
    String visitorId = connection.visitorId();
    return switch (type.get()) {
      case HELLO, PING -> throw new IllegalStateException("answered by ChatEndpoint");
      case SEND -> {
        String fileId = frame.string("fileId");
        JsonObject prechat = frame.object("prechat");
        Posted posted =
            fileId == null && prechat == null
                ? texts.postFromVisitor(
                    visitorId,
                    frame.string("clientMsgId"),
                    frame.string("text"),
                    connection.id(),
                    withoutChat)
                : messages.postFromVisitor(
                    visitorId,
                    frame.string("clientMsgId"),
                    frame.string("text"),
                    fileId,
                    connection.id(),
                    prechat(prechat));
        acknowledge(posted);
        withoutChat = false;
        yield true;
      }
      case RATE -> {
        Long score = frame.number("score");
        // Out of range stays out of range: a long is not narrowed into 1..5 by accident.
        int stars = score == null || score < 1 || score > 5 ? 0 : score.intValue();
        Conversation rated =
            ratings.rate(visitorId, frame.string("conversationId"), stars, frame.string("comment"));
        connection.reply(Frames.rated(rated.id(), rated.ratingScore(), rated.ratingComment()));
        yield true;
      }
      case TRANSCRIPT -> {
        // Only where to download it: a transcript may be far larger than a frame should be.
        Conversation own = access.ofVisitor(visitorId, frame.string("conversationId"));
        connection.reply(Frames.transcript(own.id()));
        yield true;
      }
      case LEAVE_MESSAGE -> {
        OfflineMessage left =
            offlineMessages.leave(
                visitorId,
                frame.string("clientMsgId"),
                frame.string("departmentId"),
                frame.string("name"),
                frame.string("contact"),
                frame.string("text"));
        connection.reply(Frames.messageLeft(left));
        yield true;
      }
      case TYPING -> {
        conversations.typingByVisitor(
            visitorId, Boolean.TRUE.equals(frame.bool("on")), connection.id());
        yield true;
      }
      case READ -> {
        conversations.readByVisitor(
            visitorId, frame.string("conversationId"), requiredSeq(frame), connection.id());
        yield true;
      }
      case PAGE -> {
        visitors.viewPage(visitorId, frame.string("url"), frame.string("title"));
        connection.visitorAt(frame.string("url"), null);
        yield true;
      }
      case CLOSE -> {
        conversations.closeByVisitor(visitorId, frame.string("conversationId"));
        yield true;
      }
    };
  }

  static long requiredSeq(IncomingFrame frame) {
    Long seq = frame.number("seq");
    if (seq == null || seq < 0) {
      throw new RuleViolation("bad_request", "\"seq\" is required");
    }
    return seq;
  }

  /** The pre-chat choice of an opening {@code send}; fields that are not strings are dropped. */
  private static Prechat prechat(JsonObject prechat) {
    if (prechat == null) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    JsonValue sent = prechat.get("fields");
    if (sent != null && sent.getValueType() == JsonValue.ValueType.OBJECT) {
      sent.asJsonObject()
          .forEach(
              (key, value) -> {
                if (value.getValueType() == JsonValue.ValueType.STRING && fields.size() < 20) {
                  fields.put(key, ((JsonString) value).getString());
                }
              });
    }
    return new Prechat(IncomingFrame.string(prechat, "departmentId"), fields);
  }

  private static Identity identity(IncomingFrame frame) {
    JsonObject identity = frame.object("identity");
    if (identity == null) {
      return null;
    }
    Long ts = IncomingFrame.number(identity, "ts");
    return new Identity(
        IncomingFrame.string(identity, "userId"),
        IncomingFrame.string(identity, "name"),
        IncomingFrame.string(identity, "email"),
        ts == null ? 0 : ts,
        IncomingFrame.string(identity, "hash"));
  }

  private VisitorContext context(IncomingFrame frame) {
    JsonObject page = frame.object("page");
    BrowserInfo browser = BrowserInfo.of(connection.admission().userAgent());
    return new VisitorContext(
        frame.string("locale"),
        connection.admission().userAgent(),
        browser.device(),
        browser.browser(),
        page == null ? null : IncomingFrame.string(page, "referrer"),
        page == null ? null : IncomingFrame.string(page, "url"),
        page == null ? null : IncomingFrame.string(page, "title"));
  }
}
