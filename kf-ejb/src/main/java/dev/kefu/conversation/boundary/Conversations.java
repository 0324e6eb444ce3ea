package dev.kefu.conversation.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.control.MessageText;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.conversation.entity.Message;
import dev.kefu.conversation.entity.SenderType;
import dev.kefu.events.ConversationClosed;
import dev.kefu.events.EventBus;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MessagePosted;
import dev.kefu.events.ReadUpTo;
import dev.kefu.events.TypingChanged;
import dev.kefu.routing.boundary.Assignment;
import dev.kefu.shared.Clock;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/**
 * Conversations and their messages. Every message is stored under the conversation's row lock,
 * which makes {@code seq} gapless and lets a resent {@code clientMsgId} find its first copy.
 */
@Stateless
public class Conversations {

  private static final int MAX_HISTORY = 500;

  @PersistenceContext private EntityManager em;
  @Inject private Assignment assignment;
  @Inject private Event<KefuEvent> events;
  @Inject private EventBus bus;
  @Inject private Clock clock;

  /**
   * Stores a visitor's message in their open conversation, opening one (and routing it) when there
   * is none.
   */
  public Posted postFromVisitor(String visitorId, String clientMsgId, String text, String origin) {
    String id = MessageText.checkedClientMsgId(clientMsgId);
    String body = MessageText.checked(text);
    Visitor visitor = em.find(Visitor.class, visitorId, LockModeType.PESSIMISTIC_WRITE);
    if (visitor == null) {
      throw new NotFoundException("no such visitor");
    }
    Optional<Conversation> open = openOf(visitorId);
    if (open.isEmpty()) {
      Optional<Message> earlier = latestOf(visitorId).flatMap(c -> find(c.id(), id));
      if (earlier.isPresent()) {
        return duplicate(earlier.get());
      }
    }
    Conversation conversation = open.isPresent() ? locked(open.get()) : openFor(visitor);
    Optional<Message> earlier = find(conversation.id(), id);
    if (earlier.isPresent()) {
      return duplicate(earlier.get());
    }
    Message message =
        new Message(
            conversation, id, SenderType.VISITOR, visitorId, visitor.name(), body, clock.now());
    em.persist(message);
    em.flush();
    events.fire(posted(conversation, message, origin));
    if (open.isEmpty()) {
      assignment.assignOrQueue(conversation);
    }
    return new Posted(id, conversation.id(), message.seq(), message.createdAt(), false);
  }

  /** Stores an agent's message in a conversation assigned to that agent. */
  public Posted postFromAgent(
      String agentId, String conversationId, String clientMsgId, String text, String origin) {
    String id = MessageText.checkedClientMsgId(clientMsgId);
    String body = MessageText.checked(text);
    Conversation conversation = lockedForAgent(agentId, conversationId);
    Optional<Message> earlier = find(conversation.id(), id);
    if (earlier.isPresent()) {
      return duplicate(earlier.get());
    }
    Agent agent = em.find(Agent.class, agentId);
    Message message =
        new Message(
            conversation, id, SenderType.AGENT, agentId, agent.displayName(), body, clock.now());
    conversation.answeredByAgent(message.createdAt());
    em.persist(message);
    em.flush();
    events.fire(posted(conversation, message, origin));
    return new Posted(id, conversation.id(), message.seq(), message.createdAt(), false);
  }

  /**
   * Messages after {@code afterSeq}, in order; at most {@value #MAX_HISTORY} at a time. In a
   * transaction of its own, because the edge also reads here right after another one committed.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Message> after(String conversationId, long afterSeq) {
    return em.createQuery(
            "select m from Message m where m.conversationId = :c and m.seq > :s order by m.seq",
            Message.class)
        .setParameter("c", conversationId)
        .setParameter("s", afterSeq)
        .setMaxResults(MAX_HISTORY)
        .getResultList();
  }

  public Optional<Conversation> openOf(String visitorId) {
    return em.createQuery(
            "select c from Conversation c where c.visitorId = :v and c.state in :open"
                + " order by c.createdAt desc",
            Conversation.class)
        .setParameter("v", visitorId)
        .setParameter("open", List.of(ConversationState.QUEUED, ConversationState.ASSIGNED))
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /** The visitor's own conversation; another's answers as if it did not exist. */
  public Conversation ofVisitor(String visitorId, String conversationId) {
    Conversation conversation =
        conversationId == null ? null : em.find(Conversation.class, conversationId);
    if (conversation == null || !conversation.visitorId().equals(visitorId)) {
      throw new NotFoundException("no such conversation");
    }
    return conversation;
  }

  /**
   * A conversation the member of staff may see and manage (watch its history, close it, hand it
   * on): one assigned to them; as a supervisor also any of their departments; as an admin any of
   * their tenant. Any other answers exactly as if it did not exist. Writing in a conversation stays
   * with the agent it is assigned to ({@link #ofAgent}).
   */
  public Conversation visibleTo(String agentId, String conversationId) {
    Agent agent = agentId == null ? null : em.find(Agent.class, agentId);
    Conversation conversation =
        agent == null || conversationId == null
            ? null
            : em.find(Conversation.class, conversationId);
    if (conversation == null
        || !conversation.tenantId().equals(agent.tenantId())
        || !(conversation.isAssignedTo(agentId)
            || Role.covers(agent.roles(), Role.ADMIN)
            || (Role.covers(agent.roles(), Role.SUPERVISOR)
                && isMember(agentId, conversation.departmentId())))) {
      throw new NotFoundException("no such conversation");
    }
    return conversation;
  }

  private boolean isMember(String agentId, String departmentId) {
    Number found =
        (Number)
            em.createNativeQuery(
                    "SELECT COUNT(*) FROM department_member"
                        + " WHERE agent_id = ?1 AND department_id = ?2")
                .setParameter(1, agentId)
                .setParameter(2, departmentId)
                .getSingleResult();
    return found.longValue() > 0;
  }

  /** A conversation assigned to the agent; any other answers as if it did not exist. */
  public Conversation ofAgent(String agentId, String conversationId) {
    Conversation conversation =
        conversationId == null ? null : em.find(Conversation.class, conversationId);
    if (conversation == null || !conversation.isAssignedTo(agentId)) {
      throw new NotFoundException("no such conversation");
    }
    return conversation;
  }

  /** The agent's open conversations, oldest first, with their visitors. */
  public List<ConversationView> assignedTo(String agentId) {
    return em
        .createQuery(
            "select c from Conversation c where c.agentId = :a and c.state = :s order by c.createdAt",
            Conversation.class)
        .setParameter("a", agentId)
        .setParameter("s", ConversationState.ASSIGNED)
        .getResultList()
        .stream()
        .map(c -> new ConversationView(c, em.find(Visitor.class, c.visitorId())))
        .toList();
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public ConversationView view(String conversationId) {
    Conversation conversation = em.find(Conversation.class, conversationId);
    if (conversation == null) {
      throw new NotFoundException("no such conversation");
    }
    return new ConversationView(conversation, em.find(Visitor.class, conversation.visitorId()));
  }

  public void closeByVisitor(String visitorId, String conversationId) {
    Conversation conversation = ofVisitor(visitorId, conversationId);
    close(conversation, "visitor");
  }

  /**
   * Closes an open conversation whose visitor has gone (by {@code timeout}); one that no agent
   * answered becomes missed.
   */
  public void closeAbandoned(String conversationId) {
    Conversation conversation = em.find(Conversation.class, conversationId);
    if (conversation != null && conversation.isOpen()) {
      close(conversation, "timeout");
    }
  }

  /** Closes a conversation the member of staff may manage ({@link #visibleTo}). */
  public void closeByAgent(String agentId, String conversationId) {
    Conversation conversation = visibleTo(agentId, conversationId);
    close(conversation, "agent");
  }

  public void readByVisitor(String visitorId, String conversationId, long seq, String origin) {
    read(ofVisitor(visitorId, conversationId), SenderType.VISITOR, seq, origin);
  }

  public void readByAgent(String agentId, String conversationId, long seq, String origin) {
    read(ofAgent(agentId, conversationId), SenderType.AGENT, seq, origin);
  }

  private void read(Conversation conversation, SenderType reader, long seq, String origin) {
    locked(conversation).readBy(reader, seq);
    events.fire(
        new ReadUpTo(
            conversation.id(),
            conversation.visitorId(),
            conversation.agentId(),
            reader.wire(),
            seq,
            origin));
  }

  /** Tells the agent of the visitor's open conversation that the visitor is typing or stopped. */
  public void typingByVisitor(String visitorId, boolean on, String origin) {
    openOf(visitorId)
        .filter(c -> c.agentId() != null)
        .ifPresent(
            c ->
                bus.publish(
                    new TypingChanged(c.id(), c.visitorId(), c.agentId(), "visitor", on, origin)));
  }

  /** Tells the visitor that the agent is typing or stopped. */
  public void typingByAgent(String agentId, String conversationId, boolean on, String origin) {
    Conversation conversation = ofAgent(agentId, conversationId);
    if (conversation.isOpen()) {
      bus.publish(
          new TypingChanged(
              conversation.id(), conversation.visitorId(), agentId, "agent", on, origin));
    }
  }

  /**
   * Hands a conversation the member of staff may manage ({@link #visibleTo}: their own, one of
   * their departments as a supervisor, any of the tenant as an admin) to another agent of the
   * tenant, or to a department's queue. The visitor is told in a system message; the note is kept
   * in it for the next agent.
   */
  public void transfer(
      String agentId, String conversationId, String toAgentId, String toDepartmentId, String note) {
    if ((toAgentId == null) == (toDepartmentId == null)) {
      throw new RuleViolation("bad_request", "give exactly one of toAgentId and toDepartmentId");
    }
    Conversation conversation = locked(visibleTo(agentId, conversationId));
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
      postSystem(conversation, text, note);
      assignment.transferTo(conversation, to);
    } else {
      Department department = em.find(Department.class, toDepartmentId);
      if (department == null || !department.tenantId().equals(conversation.tenantId())) {
        throw new NotFoundException("no such department");
      }
      text = from.displayName() + " → " + department.name();
      postSystem(conversation, text, note);
      assignment.requeue(conversation, department.id());
    }
  }

  private void postSystem(Conversation conversation, String text, String note) {
    String body = note == null || note.isBlank() ? text : text + " (" + note.strip() + ")";
    Message message =
        new Message(
            conversation,
            "system-" + PublicId.randomToken(12),
            SenderType.SYSTEM,
            null,
            null,
            MessageText.checked(
                body.length() > Message.MAX_TEXT ? body.substring(0, Message.MAX_TEXT) : body),
            clock.now());
    em.persist(message);
    em.flush();
    events.fire(posted(conversation, message, null));
  }

  private void close(Conversation conversation, String by) {
    // Department before conversation: the order in which assignment takes the same two locks.
    assignment.lockDepartment(conversation.departmentId());
    locked(conversation);
    if (!conversation.isOpen()) {
      return;
    }
    conversation.close(by, clock.now());
    events.fire(
        new ConversationClosed(
            conversation.id(), conversation.visitorId(), conversation.agentId(), by));
    em.flush();
    assignment.drain(conversation.departmentId());
    if (conversation.agentId() == null) {
      assignment.announceQueue(conversation.departmentId());
    }
  }

  /**
   * Takes the conversation's row lock and re-reads it: every change to a conversation is made on
   * its latest state, so no writer puts back an older {@code last_seq}.
   */
  private Conversation locked(Conversation conversation) {
    em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
    return conversation;
  }

  private Conversation openFor(Visitor visitor) {
    Site site = em.find(Site.class, visitor.siteId());
    // The department's lock before the new row: inserting it takes a shared lock on the department
    // (its foreign key), and two arrivals holding that both waited to lock it for assignment.
    assignment.lockDepartment(site.defaultDepartmentId());
    Conversation conversation =
        new Conversation(
            visitor.tenantId(), site.id(), site.defaultDepartmentId(), visitor.id(), clock.now());
    em.persist(conversation);
    return conversation;
  }

  private Conversation lockedForAgent(String agentId, String conversationId) {
    Conversation conversation =
        conversationId == null
            ? null
            : em.find(Conversation.class, conversationId, LockModeType.PESSIMISTIC_WRITE);
    if (conversation == null || !conversation.isAssignedTo(agentId)) {
      throw new NotFoundException("no such conversation");
    }
    return conversation;
  }

  private Optional<Conversation> latestOf(String visitorId) {
    return em.createQuery(
            "select c from Conversation c where c.visitorId = :v order by c.createdAt desc",
            Conversation.class)
        .setParameter("v", visitorId)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  private Optional<Message> find(String conversationId, String clientMsgId) {
    return em.createQuery(
            "select m from Message m where m.conversationId = :c and m.clientMsgId = :id",
            Message.class)
        .setParameter("c", conversationId)
        .setParameter("id", clientMsgId)
        .getResultStream()
        .findFirst();
  }

  private static Posted duplicate(Message message) {
    return new Posted(
        message.clientMsgId(), message.conversationId(), message.seq(), message.createdAt(), true);
  }

  private static MessagePosted posted(Conversation conversation, Message message, String origin) {
    return new MessagePosted(
        conversation.id(),
        conversation.visitorId(),
        conversation.agentId(),
        message.seq(),
        message.senderType().wire(),
        message.senderId(),
        message.senderName(),
        message.text(),
        message.createdAt(),
        origin);
  }
}
