package dev.kefu.conversation.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.conversation.control.MessageText;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.conversation.entity.Message;
import dev.kefu.conversation.entity.SenderType;
import dev.kefu.events.ConversationClosed;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MessagePosted;
import dev.kefu.events.ReadUpTo;
import dev.kefu.routing.boundary.Assignment;
import dev.kefu.shared.Clock;
import dev.kefu.shared.NotFoundException;
import dev.kefu.tenant.entity.Site;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
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
    Conversation conversation =
        open.isPresent()
            ? em.find(Conversation.class, open.get().id(), LockModeType.PESSIMISTIC_WRITE)
            : openFor(visitor);
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

  /** Messages after {@code afterSeq}, in order; at most {@value #MAX_HISTORY} at a time. */
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

  public void closeByAgent(String agentId, String conversationId) {
    Conversation conversation = ofAgent(agentId, conversationId);
    close(conversation, "agent");
  }

  public void readByVisitor(String visitorId, String conversationId, long seq, String origin) {
    Conversation conversation = ofVisitor(visitorId, conversationId);
    conversation.readBy(SenderType.VISITOR, seq);
    events.fire(
        new ReadUpTo(
            conversation.id(),
            conversation.visitorId(),
            conversation.agentId(),
            "visitor",
            seq,
            origin));
  }

  public void readByAgent(String agentId, String conversationId, long seq, String origin) {
    Conversation conversation = ofAgent(agentId, conversationId);
    conversation.readBy(SenderType.AGENT, seq);
    events.fire(
        new ReadUpTo(
            conversation.id(),
            conversation.visitorId(),
            conversation.agentId(),
            "agent",
            seq,
            origin));
  }

  private void close(Conversation conversation, String by) {
    em.lock(conversation, LockModeType.PESSIMISTIC_WRITE);
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

  private Conversation openFor(Visitor visitor) {
    Site site = em.find(Site.class, visitor.siteId());
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
