package dev.kefu.conversation.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Message;
import dev.kefu.conversation.entity.Note;
import dev.kefu.events.ConversationAssigned;
import dev.kefu.events.ConversationClosed;
import dev.kefu.events.KefuEvent;
import dev.kefu.metrics.boundary.Metrics;
import dev.kefu.shared.Clock;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.entity.Department;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Conversations changing hands: staff hand one to another agent or back to a department's queue,
 * and routing gives one to the agent it chose ({@link #handTo}). Each change is made under the
 * conversation's row lock, the department's lock taken first where a queue is involved.
 */
@Stateless
public class Transfers {

  private static final Logger LOG = Logger.getLogger(Transfers.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private ConversationAccess access;
  @Inject private Messages messages;
  @Inject private Departments departments;
  @Inject private Metrics metrics;
  @Inject private Event<KefuEvent> events;
  @Inject private Event<ConversationRequeued> requeued;
  @Inject private Clock clock;

  /**
   * Hands a conversation the member of staff may manage ({@link ConversationAccess#visibleTo}:
   * their own, one of their departments as a supervisor, any of the tenant as an admin) to another
   * agent of the tenant, or to a department's queue. The visitor is told in a system message that
   * says who handed it to whom; the note is for staff only, so it is kept as an internal note
   * ({@link Notes}), which the next agent receives with the history.
   */
  public void transfer(
      String agentId, String conversationId, String toAgentId, String toDepartmentId, String note) {
    if ((toAgentId == null) == (toDepartmentId == null)) {
      throw new RuleViolation("bad_request", "give exactly one of toAgentId and toDepartmentId");
    }
    Conversation conversation = locked(access.visibleTo(agentId, conversationId));
    if (!conversation.isOpen()) {
      throw new RuleViolation("conversation_closed", "the conversation is closed");
    }
    Agent from = em.find(Agent.class, agentId);
    String text;
    if (toAgentId != null) {
      Agent to = em.find(Agent.class, toAgentId);
      if (to == null
          || !to.tenantId().equals(conversation.tenantId())
          || to.id().equals(conversation.agentId())) {
        throw new NotFoundException("no such agent");
      }
      text = from.displayName() + " → " + to.displayName();
      messages.postSystem(conversation, text);
      noteOfTransfer(conversation, from, note);
      handTo(conversation, to.id(), to.displayName(), clock.now());
    } else {
      Department department = em.find(Department.class, toDepartmentId);
      if (department == null || !department.tenantId().equals(conversation.tenantId())) {
        throw new NotFoundException("no such department");
      }
      text = from.displayName() + " → " + department.name();
      messages.postSystem(conversation, text);
      noteOfTransfer(conversation, from, note);
      requeue(conversation, department.id());
    }
  }

  /**
   * Gives the open conversation to the agent, under its row lock, whatever their load; answers
   * false, changing nothing, when it has closed meanwhile. Routing gives conversations this way
   * too, once it has chosen the agent and claimed a place in their row.
   */
  public boolean handTo(Conversation conversation, String agentId, String agentName, Instant at) {
    return handTo(conversation, agentId, agentName, at, null);
  }

  /**
   * As {@link #handTo(Conversation, String, String, Instant)}, when routing takes the conversation
   * from an agent who did not answer it within {@code offerSeconds}: the agent is told why.
   */
  public boolean handTo(
      Conversation conversation,
      String agentId,
      String agentName,
      Instant at,
      Integer offerSeconds) {
    locked(conversation);
    if (!conversation.isOpen()) {
      return false;
    }
    String previous = conversation.agentId();
    conversation.assignTo(agentId, at);
    em.flush();
    if (previous == null) {
      double waited = Math.max(0, Duration.between(conversation.createdAt(), at).toMillis() / 1e3);
      metrics.afterCommit(() -> metrics.assignments().observe(waited));
    }
    LOG.info(() -> "conversation " + conversation.id() + " assigned to agent " + agentId);
    events.fire(
        new ConversationAssigned(
            conversation.id(),
            conversation.visitorId(),
            agentId,
            agentName,
            previous,
            previous == null
                ? null
                : offerSeconds == null
                    ? ConversationAssigned.TRANSFER
                    : ConversationAssigned.OFFER_TIMEOUT,
            offerSeconds));
    return true;
  }

  /**
   * Puts the conversation back in line in a department (another, or its own), taking that
   * department's lock first; its agent, if any, is told it went ({@code transfer}), and routing
   * serves the queue ({@link ConversationRequeued}).
   */
  public void requeue(Conversation conversation, String departmentId) {
    // Locked before the row points at it (a foreign key's shared lock), as for a new conversation.
    departments.lock(departmentId);
    String previous = conversation.agentId();
    conversation.requeueIn(departmentId);
    em.flush();
    if (previous != null) {
      events.fire(new ConversationClosed(conversation.id(), null, previous, "transfer"));
    }
    requeued.fire(new ConversationRequeued(conversation, departmentId));
  }

  private void noteOfTransfer(Conversation conversation, Agent from, String note) {
    if (note == null || note.isBlank()) {
      return;
    }
    String body = note.strip();
    Note written =
        new Note(
            conversation,
            "transfer-" + PublicId.randomToken(12),
            from.id(),
            from.displayName(),
            Text.clip(body, Message.MAX_TEXT),
            clock.now());
    em.persist(written);
    events.fire(Notes.added(conversation, written, null));
  }

  /** Takes the conversation's row lock and re-reads it, as every change to a conversation does. */
  private Conversation locked(Conversation conversation) {
    em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
    return conversation;
  }
}
