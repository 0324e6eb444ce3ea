package dev.kefu.chat.control;

import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.events.ConversationAssigned;
import dev.kefu.events.ConversationClosed;
import dev.kefu.events.ConversationMissed;
import dev.kefu.events.ConversationRated;
import dev.kefu.events.EventBus;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MessagePosted;
import dev.kefu.events.QueueMoved;
import dev.kefu.events.ReadUpTo;
import dev.kefu.events.TypingChanged;
import dev.kefu.events.VisitorPageViewed;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/**
 * Turns business events into frames for the sockets of this node: a committed message to the other
 * sockets of its conversation, an assignment to the visitor and the agent, and so on.
 */
@ApplicationScoped
public class Fanout {

  @Inject EventBus bus;
  @Inject Connections connections;
  @Inject Conversations conversations;

  private final Consumer<KefuEvent> subscriber = this::deliver;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    bus.subscribe(subscriber);
  }

  @PreDestroy
  void stop() {
    bus.unsubscribe(subscriber);
  }

  void deliver(KefuEvent event) {
    if (event instanceof MessagePosted m) {
      String frame =
          Frames.msg(m.conversationId(), m.seq(), m.senderType(), m.senderName(), m.text(), m.at());
      connections.toVisitor(m.visitorId(), frame, m.origin());
      connections.toAgent(m.agentId(), frame, m.origin());
    } else if (event instanceof ConversationAssigned a) {
      assigned(a);
    } else if (event instanceof ConversationClosed c) {
      String frame = Frames.closed(c.conversationId(), c.by());
      connections.toVisitor(c.visitorId(), frame, null);
      connections.toAgent(c.agentId(), frame, null);
    } else if (event instanceof QueueMoved q) {
      for (QueueMoved.Place place : q.places()) {
        connections.toVisitor(
            place.visitorId(),
            Frames.queue(place.conversationId(), place.position(), place.estimatedWaitSeconds()),
            null);
      }
    } else if (event instanceof TypingChanged t) {
      String frame = Frames.typing(t.conversationId(), t.on());
      if ("visitor".equals(t.side())) {
        connections.toAgent(t.agentId(), frame, t.origin());
      } else {
        connections.toVisitor(t.visitorId(), frame, t.origin());
      }
    } else if (event instanceof ReadUpTo r) {
      String frame = Frames.read(r.conversationId(), r.seq());
      if ("visitor".equals(r.side())) {
        connections.toAgent(r.agentId(), frame, r.origin());
      } else {
        connections.toVisitor(r.visitorId(), frame, r.origin());
      }
    } else if (event instanceof ConversationMissed m) {
      missed(m);
    } else if (event instanceof ConversationRated r) {
      connections.toAgent(
          r.agentId(), Frames.rated(r.conversationId(), r.score(), r.comment()), null);
    } else if (event instanceof VisitorPageViewed p) {
      connections.toAgent(
          p.agentId(), Frames.visitorPage(p.conversationId(), p.url(), p.title()), null);
    }
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

  /** The visitor learns who answers; the agent gets the conversation and its history so far. */
  private void assigned(ConversationAssigned a) {
    connections.toVisitor(a.visitorId(), Frames.assigned(a.conversationId(), a.agentName()), null);
    if (a.previousAgentId() != null) {
      connections.toAgent(a.previousAgentId(), Frames.closed(a.conversationId(), "transfer"), null);
    }
    if (!connections.hasAgent(a.agentId())) {
      return;
    }
    ConversationView view = conversations.view(a.conversationId());
    connections.toAgent(a.agentId(), Frames.conversation(view), null);
    Replay.after(
        conversations,
        a.conversationId(),
        0,
        frame -> connections.toAgent(a.agentId(), frame, null));
  }
}
