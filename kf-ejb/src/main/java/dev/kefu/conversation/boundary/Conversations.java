package dev.kefu.conversation.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.conversation.entity.SenderType;
import dev.kefu.events.ConversationClosed;
import dev.kefu.events.ConversationMissed;
import dev.kefu.events.EventBus;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.ReadUpTo;
import dev.kefu.events.TypingChanged;
import dev.kefu.shared.Clock;
import dev.kefu.shared.InList;
import dev.kefu.shared.NotFoundException;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.boundary.TenantFilter;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A conversation's life after it opened: which one is a visitor's open one, which are an agent's,
 * reads and typing, and closing. Messages are {@link Messages}, who may reach a conversation is
 * {@link ConversationAccess}, changing hands {@link Transfers}, ratings {@link Ratings}.
 *
 * <p>Routing sits above this component: it learns that a conversation ended from {@link
 * ConversationEnded}, observed in the transaction that fires it.
 */
@Stateless
public class Conversations {

  /** Why a conversation ended when its visitor's data was erased. */
  public static final String ERASED = "erased";

  @PersistenceContext private EntityManager em;
  @Inject private Departments departments;
  @Inject private Memberships memberships;
  @Inject private ConversationAccess access;
  @Inject private Event<KefuEvent> events;
  @Inject private Event<ConversationEnded> ended;
  @Inject private EventBus bus;
  @Inject private Clock clock;

  public Optional<Conversation> openOf(String visitorId) {
    // Asked at every hello: without the tenant filter Hibernate plans it once; the row found is
    // checked against the scope's tenant instead.
    return TenantFilter.bypassed(
            em, () -> openQuery("c", Conversation.class, visitorId).getResultStream().findFirst())
        .filter(c -> TenantFilter.isCurrent(c.tenantId()));
  }

  /**
   * The department of each of these visitors' open conversations (the one the pre-chat form chose,
   * or where routing or a transfer put it), by visitor; a visitor without one is not in the map.
   */
  public Map<String, String> openDepartmentsOf(Collection<String> visitorIds) {
    Map<String, String> departments = new HashMap<>();
    List<String> ids = List.copyOf(new LinkedHashSet<>(visitorIds));
    for (int from = 0; from < ids.size(); from += 500) {
      open(em.createQuery(
              "select c.visitorId, c.departmentId from Conversation c where c.visitorId in :v"
                  + OPEN
                  + " order by c.createdAt",
              Object[].class))
          .setParameter("v", ids.subList(from, Math.min(ids.size(), from + 500)))
          .getResultList()
          .forEach(row -> departments.put((String) row[0], (String) row[1]));
    }
    return departments;
  }

  /**
   * The visitor's open conversation with its row locked, read as the lock finds it. For a writer
   * that changes the conversation (its {@code last_seq}), so that no writer puts back an older
   * state. The caller holds the visitor's row lock, so no other send of the visitor opens one
   * meanwhile; one that an agent ends between the two statements is not open when locked, and is
   * not answered.
   *
   * <p>Found by a plain read, then locked by its key. A locking read by visitor and state would
   * lock every row its plan passes over: with the optimizer going by state (on a young table it
   * may), that is every open conversation of the installation, held while this transaction goes on
   * to lock a department, against the department-first order of assignment. A burst of first
   * messages then deadlocked with agents closing conversations.
   */
  public Optional<Conversation> lockedOpenOf(String visitorId) {
    // A message's statements: without the tenant filter Hibernate plans them once; the visitor is
    // the socket's own, and the row found is checked against the scope's tenant instead.
    return TenantFilter.bypassed(
            em,
            () ->
                openQuery("c.id", String.class, visitorId)
                    .getResultStream()
                    .findFirst()
                    .map(id -> em.find(Conversation.class, id, LockModeType.PESSIMISTIC_WRITE)))
        .filter(
            c ->
                c.isOpen()
                    && c.visitorId().equals(visitorId)
                    && TenantFilter.isCurrent(c.tenantId()));
  }

  /**
   * The open conversations of these visitors of the current tenant, by visitor, each with its row
   * lock; for a group of messages stored together. As {@link #lockedOpenOf(String)}: found by a
   * plain read (the caller holds the visitors' row locks), then locked by their ids, in the order
   * of the ids.
   */
  public Map<String, Conversation> lockedOpenOf(Collection<String> visitorIds) {
    Map<String, String> newest = openIdsOf(visitorIds);
    Map<String, Conversation> locked = new HashMap<>();
    lockedByIds(newest.values()).values().stream()
        .filter(c -> c.isOpen() && c.id().equals(newest.get(c.visitorId())))
        .forEach(c -> locked.put(c.visitorId(), c));
    return locked;
  }

  /**
   * The ids of these visitors' open conversations, by visitor, by a plain read: for a caller that
   * holds the visitors' row locks (no send of theirs opens one meanwhile) and locks what it uses,
   * or only needs to know who has one. The ids are of the visitors' tenant, which the caller holds.
   */
  public Map<String, String> openIdsOf(Collection<String> visitorIds) {
    Map<String, String> newest = new HashMap<>();
    InList v = InList.of("v", visitorIds);
    TenantFilter.bypassed(
            em,
            () ->
                v.bindTo(
                        open(
                            em.createQuery(
                                "select c.id, c.visitorId from Conversation c where c.visitorId in "
                                    + v.placeholders()
                                    + OPEN
                                    + " order by c.createdAt",
                                Object[].class)))
                    .getResultList())
        .forEach(row -> newest.put((String) row[1], (String) row[0]));
    return newest;
  }

  /**
   * These conversations, by id, each with its row lock, taken in one statement in the order of
   * their ids, so that two writers locking several never wait on each other; an unknown id, or one
   * of another tenant, is not in the map. For a group of messages stored together.
   */
  public Map<String, Conversation> lockedByIds(Collection<String> conversationIds) {
    Map<String, Conversation> locked = new HashMap<>();
    if (conversationIds.isEmpty()) {
      return locked;
    }
    InList ids = InList.of("ids", conversationIds);
    TenantFilter.bypassed(
            em,
            () ->
                ids.bindTo(
                        em.createQuery(
                            "select c from Conversation c where c.id in "
                                + ids.placeholders()
                                + " order by c.id",
                            Conversation.class))
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList())
        .stream()
        .filter(c -> TenantFilter.isCurrent(c.tenantId()))
        .forEach(c -> locked.put(c.id(), c));
    return locked;
  }

  /** The visitor's newest open conversation (a visitor has one at most), or what of it is named. */
  private <T> TypedQuery<T> openQuery(String selected, Class<T> type, String visitorId) {
    return open(em.createQuery(
            "select "
                + selected
                + " from Conversation c where c.visitorId = :v"
                + OPEN
                + " order by c.createdAt desc",
            type))
        .setParameter("v", visitorId)
        .setMaxResults(1);
  }

  /**
   * The condition of an open conversation ({@code c}), whose parameters {@link #open} sets: the two
   * states by name, since a list parameter would keep Hibernate from caching the plan.
   */
  private static final String OPEN = " and (c.state = :queued or c.state = :assigned)";

  private static <T> TypedQuery<T> open(TypedQuery<T> query) {
    return query
        .setParameter("queued", ConversationState.QUEUED)
        .setParameter("assigned", ConversationState.ASSIGNED);
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
        .map(c -> ConversationView.of(em, c))
        .toList();
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public ConversationView view(String conversationId) {
    Conversation conversation = em.find(Conversation.class, conversationId);
    if (conversation == null) {
      throw new NotFoundException("no such conversation");
    }
    return ConversationView.of(em, conversation);
  }

  public void closeByVisitor(String visitorId, String conversationId) {
    Conversation conversation = access.ofVisitor(visitorId, conversationId);
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

  /**
   * Closes a conversation the member of staff may manage ({@link ConversationAccess#visibleTo}).
   */
  public void closeByAgent(String agentId, String conversationId) {
    Conversation conversation = access.visibleTo(agentId, conversationId);
    close(conversation, "agent");
  }

  /**
   * Ends the visitor's open conversation, if any, because their data is about to be erased ({@code
   * erased}): its agent is told, routing frees the place; nobody is told of a missed chat, since
   * the chat is about to go. Answers the ids of all the visitor's conversations, open or not.
   */
  public List<String> endForErasure(String visitorId) {
    openOf(visitorId)
        .ifPresent(
            open -> {
              departments.lock(open.departmentId());
              locked(open);
              if (open.isOpen()) {
                open.close(ERASED, clock.now());
                events.fire(new ConversationClosed(open.id(), visitorId, open.agentId(), ERASED));
                em.flush();
                ended.fire(new ConversationEnded(open));
              }
            });
    return em.createQuery("select c.id from Conversation c where c.visitorId = :v", String.class)
        .setParameter("v", visitorId)
        .getResultList();
  }

  public void readByVisitor(String visitorId, String conversationId, long seq, String origin) {
    read(access.ofVisitor(visitorId, conversationId), SenderType.VISITOR, seq, origin);
  }

  public void readByAgent(String agentId, String conversationId, long seq, String origin) {
    read(access.ofAgent(agentId, conversationId), SenderType.AGENT, seq, origin);
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
    Conversation conversation = access.ofAgent(agentId, conversationId);
    if (conversation.isOpen()) {
      bus.publish(
          new TypingChanged(
              conversation.id(), conversation.visitorId(), agentId, "agent", on, origin));
    }
  }

  private void close(Conversation conversation, String by) {
    // Department before conversation: the order in which assignment takes the same two locks.
    departments.lock(conversation.departmentId());
    locked(conversation);
    if (!conversation.isOpen()) {
      return;
    }
    conversation.close(by, clock.now());
    events.fire(
        new ConversationClosed(
            conversation.id(), conversation.visitorId(), conversation.agentId(), by));
    if (conversation.state() == ConversationState.MISSED) {
      events.fire(
          new ConversationMissed(
              conversation.id(),
              conversation.departmentId(),
              memberships.overseersOf(conversation.tenantId(), conversation.departmentId())));
    }
    em.flush();
    ended.fire(new ConversationEnded(conversation));
  }

  /**
   * Takes the conversation's row lock and re-reads it: every change to a conversation is made on
   * its latest state, so no writer puts back an older {@code last_seq}.
   */
  private Conversation locked(Conversation conversation) {
    em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
    return conversation;
  }
}
