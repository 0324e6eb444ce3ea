package dev.kefu.routing.boundary;

import dev.kefu.agent.boundary.AgentReady;
import dev.kefu.conversation.boundary.ConversationEnded;
import dev.kefu.conversation.boundary.ConversationOpened;
import dev.kefu.conversation.boundary.ConversationOpening;
import dev.kefu.conversation.boundary.ConversationRequeued;
import dev.kefu.conversation.boundary.ConversationsOpened;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.tenant.boundary.DepartmentChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * What routing does when a lower component announces a change: the components below it (tenant,
 * agent, conversation) never call routing, they fire these events, and routing acts here,
 * synchronously, in the transaction that fired them and under the locks its caller holds, exactly
 * as if it had been called.
 *
 * <p>A plain bean, not a session bean: the server would call an observer on a session bean on a new
 * reference to it for each event, made by a JNDI lookup, and every arrival fires several of these.
 * What it calls are session beans, which join the caller's transaction.
 */
@ApplicationScoped
public class Dispatch {

  @Inject private Routing routing;
  @Inject private Assignment assignment;
  @Inject private Queues queues;

  /**
   * A conversation is opening: it goes where the site's rules or the pre-chat choice say; one that
   * answers a member of staff's invitation goes to a department of theirs, when that is not one
   * already ({@link Routing#routeForInvitation}).
   */
  public void route(@Observes ConversationOpening opening) {
    Routing.Route route =
        routing.routeFor(
            opening.site(), opening.pageUrl(), opening.locale(), opening.prechatDepartmentId());
    if (opening.invitedBy() != null) {
      route = routing.routeForInvitation(route, opening.invitedBy());
    }
    opening.routeTo(route.departmentId(), route.requiredSkill());
  }

  /**
   * A new conversation is assigned (to the member of staff who invited the visitor, when they can
   * take it now), or waits in its department's queue, which is told.
   */
  public void opened(@Observes ConversationOpened opened) {
    assignment.assignOrQueue(List.of(opened));
  }

  /** Conversations opened together are assigned or queued as each would be, in their order. */
  public void openedTogether(@Observes ConversationsOpened opened) {
    assignment.assignOrQueue(opened.conversations());
  }

  /**
   * A conversation ended: its agent's place serves the queue, and a conversation that left the
   * queue unanswered moves everyone behind it up.
   */
  public void ended(@Observes ConversationEnded ended) {
    Conversation conversation = ended.conversation();
    assignment.drain(conversation.departmentId());
    if (conversation.agentId() == null) {
      queues.announce(conversation.departmentId());
    }
  }

  /** A conversation went back in line: the queue is served, and told where everyone stands. */
  public void requeued(@Observes ConversationRequeued requeued) {
    assignment.drain(requeued.departmentId());
    queues.announce(requeued.departmentId());
  }

  /** A department's settings or members changed: its queue may move. */
  public void departmentChanged(@Observes DepartmentChanged changed) {
    assignment.drain(changed.departmentId());
  }

  /** An agent may take more: their departments' queues fill their free places. */
  public void agentReady(@Observes AgentReady ready) {
    assignment.drainQueuesOf(ready.agentId());
  }
}
