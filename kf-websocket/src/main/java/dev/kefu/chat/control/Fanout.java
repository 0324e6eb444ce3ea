package dev.kefu.chat.control;

import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.boundary.Messages;
import dev.kefu.conversation.boundary.Notes;
import dev.kefu.conversation.boundary.Supervision;
import dev.kefu.events.AccessBlocked;
import dev.kefu.events.AccountDisabled;
import dev.kefu.events.AvailabilityChanged;
import dev.kefu.events.ConversationAssigned;
import dev.kefu.events.ConversationClosed;
import dev.kefu.events.ConversationMissed;
import dev.kefu.events.ConversationRated;
import dev.kefu.events.EventBus;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MembershipChanged;
import dev.kefu.events.MessagePosted;
import dev.kefu.events.NoteAdded;
import dev.kefu.events.QueueMoved;
import dev.kefu.events.ReadUpTo;
import dev.kefu.events.StatusSetByAdmin;
import dev.kefu.events.TypingChanged;
import dev.kefu.events.VisitorErased;
import dev.kefu.events.VisitorInvited;
import dev.kefu.events.VisitorPageViewed;
import dev.kefu.protection.entity.AddressRange;
import dev.kefu.shared.ManagedThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * Turns business events into frames for the sockets of this node: a committed message to the other
 * sockets of its conversation, an assignment to the visitor and the agent, and so on.
 */
@ApplicationScoped
public class Fanout {

  /** The close reason of the sockets of an account an admin has disabled. */
  public static final String ACCOUNT_DISABLED = "account disabled";

  @Inject EventBus bus;
  @Inject AvailabilityPush availabilityPush;
  @Inject Connections connections;
  @Inject Conversations conversations;
  @Inject Messages messages;
  @Inject Notes notes;
  @Inject Supervision supervision;

  /** The longest the staff's count of a department's queue lags behind it. */
  static final long WAITING_PERIOD_MILLIS = 250;

  @Inject ManagedThreads threads;

  private final Consumer<KefuEvent> subscriber = this::deliver;
  private ScheduledThreadPoolExecutor timer;
  private WaitingCounts waitingCounts;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    timer = new ScheduledThreadPoolExecutor(1, threads.factory());
    waitingCounts = new WaitingCounts(timer, WAITING_PERIOD_MILLIS, this::sendWaiting);
    bus.subscribe(subscriber);
  }

  @PreDestroy
  void stop() {
    bus.unsubscribe(subscriber);
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  void deliver(KefuEvent event) {
    if (event instanceof MessagePosted m) {
      String frame =
          Frames.msg(
              m.conversationId(),
              m.seq(),
              m.senderType(),
              m.senderName(),
              m.text(),
              m.at(),
              m.file());
      connections.toVisitor(m.visitorId(), frame, m.origin());
      connections.toAgent(m.agentId(), frame, m.origin());
      connections.toWatchers(m.conversationId(), frame, m.origin(), m.agentId());
    } else if (event instanceof NoteAdded n) {
      // Staff only: the conversation's agent and its watchers, never the visitor.
      String frame =
          Frames.note(
              n.conversationId(),
              n.noteId(),
              n.clientMsgId(),
              n.authorId(),
              n.authorName(),
              n.text(),
              n.at());
      connections.toAgent(n.agentId(), frame, n.origin());
      connections.toWatchers(n.conversationId(), frame, n.origin(), n.agentId());
    } else if (event instanceof ConversationAssigned a) {
      assigned(a);
      live(a.conversationId(), "assigned", a.agentName());
    } else if (event instanceof ConversationClosed c) {
      String frame = Frames.closed(c.conversationId(), c.by());
      connections.toVisitor(c.visitorId(), frame, null);
      availabilityPush.visitorMoved(c.visitorId());
      connections.toAgent(c.agentId(), frame, null);
      if (!"transfer".equals(c.by())) {
        connections.toWatchers(c.conversationId(), frame, null, c.agentId());
        connections.forgetWatchers(c.conversationId());
        live(c.conversationId(), "closed", null);
      }
    } else if (event instanceof QueueMoved q) {
      for (QueueMoved.Place place : q.places()) {
        connections.toVisitor(
            place.visitorId(),
            Frames.queue(place.conversationId(), place.position(), place.estimatedWaitSeconds()),
            null);
      }
      waiting(q);
    } else if (event instanceof TypingChanged t) {
      String frame = Frames.typing(t.conversationId(), t.on());
      if ("visitor".equals(t.side())) {
        connections.toAgent(t.agentId(), frame, t.origin());
      } else {
        connections.toVisitor(t.visitorId(), frame, t.origin());
      }
      connections.toWatchers(
          t.conversationId(),
          Frames.typing(t.conversationId(), t.side(), t.on()),
          t.origin(),
          null);
    } else if (event instanceof ReadUpTo r) {
      String frame = Frames.read(r.conversationId(), r.seq());
      if ("visitor".equals(r.side())) {
        connections.toAgent(r.agentId(), frame, r.origin());
      } else {
        connections.toVisitor(r.visitorId(), frame, r.origin());
        // The agent's other consoles (another tab, the phone) clear their unread counts too.
        connections.toAgent(r.agentId(), Frames.agentRead(r.conversationId(), r.seq()), r.origin());
      }
    } else if (event instanceof ConversationMissed m) {
      missed(m);
    } else if (event instanceof AccountDisabled d) {
      // A policy refusal (1008): the console's next ticket request answers 401 and it signs out.
      connections.closeAgent(d.agentId(), CloseReason.CloseCodes.VIOLATED_POLICY, ACCOUNT_DISABLED);
    } else if (event instanceof ConversationRated r) {
      connections.toAgent(
          r.agentId(), Frames.rated(r.conversationId(), r.score(), r.comment()), null);
    } else if (event instanceof AccessBlocked b) {
      turnAway(b);
    } else if (event instanceof VisitorErased e) {
      // The widget forgets what it kept of the visitor on this reason, and starts over as new.
      for (Connection connection : connections.visitorSockets(e.visitorId())) {
        connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "erased");
      }
    } else if (event instanceof VisitorInvited i) {
      connections.toVisitor(i.visitorId(), Frames.invite(i.agentName(), i.text()), null);
    } else if (event instanceof AvailabilityChanged a) {
      availabilityPush.changed(a.tenantId());
    } else if (event instanceof MembershipChanged m) {
      membershipChanged(m);
    } else if (event instanceof StatusSetByAdmin s) {
      connections.toAgent(s.agentId(), Frames.agentStatus(s.status()), null);
    } else if (event instanceof VisitorPageViewed p) {
      String frame = Frames.visitorPage(p.conversationId(), p.url(), p.title());
      connections.toAgent(p.agentId(), frame, null);
      connections.toWatchers(p.conversationId(), frame, null, p.agentId());
    }
  }

  /**
   * A block takes effect at once: this node's sockets of the blocked visitor, or from the blocked
   * range, are told ({@code error blocked}) and closed (1008).
   */
  private void turnAway(AccessBlocked b) {
    List<Connection> refused;
    if (b.visitorId() != null) {
      refused = connections.visitorSockets(b.visitorId());
    } else {
      AddressRange range = AddressRange.parse(b.range());
      refused =
          connections.visitorsOf(b.tenantId()).stream()
              .filter(c -> range.contains(c.admission().clientIp()))
              .toList();
    }
    for (Connection connection : refused) {
      connection.reply(Frames.blocked());
      connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "blocked");
    }
  }

  /**
   * The supervisors and admins of the conversation's department connected to this node learn that
   * it changed hands or ended, so that their list of live conversations follows at once.
   */
  private void live(String conversationId, String state, String agentName) {
    if (!connections.hasAnyAgent()) {
      return;
    }
    String frame = Frames.live(conversationId, state, agentName);
    for (String agentId : supervision.overseersOfConversation(conversationId)) {
      connections.toAgent(agentId, frame, null);
    }
  }

  /** The staff of a department connected to this node learn how many visitors wait in it. */
  private void waiting(QueueMoved q) {
    if (!connections.hasAnyAgent()) {
      return;
    }
    // A node of the version before the count, during a rolling upgrade, sends the whole line only.
    waitingCounts.changed(q.departmentId(), Math.max(q.waiting(), q.places().size()));
  }

  /** The department's staff connected here learn how many wait in its queue. */
  private void sendWaiting(String departmentId, int count) {
    String frame = Frames.waiting(departmentId, count);
    for (String agentId : supervision.followersOf(departmentId)) {
      connections.toAgent(agentId, frame, null);
    }
  }

  /**
   * An agent connected to this node joined or left departments: their consoles learn how many wait
   * in each, and whether it is theirs now, as if they had connected again.
   */
  private void membershipChanged(MembershipChanged m) {
    if (!connections.hasAgent(m.agentId())) {
      return;
    }
    List<String> changed = new ArrayList<>(m.joined());
    changed.addAll(m.left());
    supervision
        .waitingIn(changed)
        .forEach(
            (departmentId, count) ->
                connections.toAgent(
                    m.agentId(),
                    Frames.waiting(departmentId, count, m.joined().contains(departmentId)),
                    null));
  }

  /** The supervisors and admins connected to this node learn of a missed conversation. */
  private void missed(ConversationMissed m) {
    if (m.supervisorIds().stream().noneMatch(connections::hasAgent)) {
      return;
    }
    String frame = Frames.missed(conversations.view(m.conversationId()));
    for (String agentId : m.supervisorIds()) {
      connections.toAgent(agentId, frame, null);
    }
  }

  /**
   * The visitor learns who answers; the agent gets the conversation and its latest messages (a
   * page; the console fetches anything earlier itself), so that a long history handed to a console
   * cannot overrun what may wait for its socket.
   */
  private void assigned(ConversationAssigned a) {
    connections.toVisitor(a.visitorId(), Frames.assigned(a.conversationId(), a.agentName()), null);
    if (a.previousAgentId() != null) {
      connections.toAgent(
          a.previousAgentId(),
          Frames.handedOn(a.conversationId(), a.reason(), a.offerSeconds(), a.agentName()),
          null);
    }
    boolean agentHere = connections.hasAgent(a.agentId());
    if (!agentHere && !connections.isWatched(a.conversationId())) {
      return;
    }
    ConversationView view = conversations.view(a.conversationId());
    connections.toWatchers(
        a.conversationId(), Frames.watching(view, a.agentId(), a.agentName()), null, a.agentId());
    if (!agentHere) {
      return;
    }
    connections.toAgent(a.agentId(), Frames.conversation(view), null);
    Replay.after(
        messages,
        notes,
        a.conversationId(),
        Math.max(0, view.conversation().lastSeq() - Replay.PAGE),
        frame -> connections.toAgent(a.agentId(), frame, null));
  }
}
