package dev.kefu.routing.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.metrics.boundary.Metrics;
import dev.kefu.setup.boundary.SchemaMigration;
import dev.kefu.shared.Clock;
import dev.kefu.tenant.entity.Department;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands on conversations nobody is answering. An assigned conversation whose agent has not answered
 * within the department's offer timeout goes to the next fitting agent (never back to one who let
 * it time out). The conversations of an agent whose consoles are all gone: after the department's
 * grace period (a browser reloading or a network hiccup comes back well within it) each
 * conversation goes back to its department's queue, where its place is its age, and on to a free
 * agent. The conversation keeps its id and every message, so the next agent and the visitor see the
 * whole history. The conversations of an account an admin has disabled go back at once, at the next
 * sweep.
 *
 * <p>The sweep runs on every node. Each conversation is handed on in a transaction of its own that
 * locks its row and checks again that it is still the absent agent's, so two nodes sweeping at once
 * hand it on once.
 */
@Stateless
public class OrphanedConversations {

  private static final Logger LOG = Logger.getLogger(OrphanedConversations.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;
  @Inject private Metrics metrics;
  @Inject private Assignment assignment;
  @Inject private Conversations conversations;
  @Inject private OrphanedConversations self;

  @Inject
  @ConfigProperty(name = "kf.routing.visitor-gone-seconds", defaultValue = "1800")
  private int defaultVisitorGoneSeconds;

  @Inject
  @ConfigProperty(name = "kf.routing.agent-grace-seconds", defaultValue = "60")
  private int defaultGraceSeconds;

  @Inject
  @ConfigProperty(name = "kf.routing.offer-seconds", defaultValue = "120")
  private int defaultOfferSeconds;

  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void sweep() {
    if (!SchemaMigration.isCurrent()) {
      return;
    }
    try {
      metrics.sweep("unanswered_conversations", this::sweepOnce);
    } catch (RuntimeException e) {
      // The database is down, most likely. A timeout that fails twice in a row is cancelled for
      // good by the container (EJB5119), so the sweep must end normally and try again in 5 s.
      LOG.log(Level.WARNING, "the sweep of unanswered conversations failed; trying again", e);
    }
  }

  private void sweepOnce() {
    for (String conversationId : self.ofAbsentAgents()) {
      try {
        self.handOn(conversationId);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not hand on conversation " + conversationId, e);
      }
    }
    Instant now = clock.now();
    for (Object[] offer : self.unansweredOffers()) {
      String conversationId = (String) offer[0];
      Integer seconds = offer[2] == null ? defaultOfferSeconds : (Integer) offer[2];
      if (seconds <= 0 || now.isBefore(((Instant) offer[1]).plusSeconds(seconds))) {
        continue;
      }
      try {
        self.offerAgain(conversationId);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not offer conversation " + conversationId + " again", e);
      }
    }
    for (String conversationId : self.ofGoneVisitors()) {
      try {
        self.closeAbandoned(conversationId);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not close abandoned conversation " + conversationId, e);
      }
    }
  }

  /** Conversations assigned to an agent without a console, whatever the grace period. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<String> ofAbsentAgents() {
    return em.createQuery(
            "select c.id from Conversation c, Agent a where a.id = c.agentId and c.state = :s"
                + " and a.disconnectedAt is not null order by c.createdAt",
            String.class)
        .setParameter("s", ConversationState.ASSIGNED)
        .setMaxResults(500)
        .getResultList();
  }

  /**
   * Conversations waiting for their agent's first answer: their id, since when, and their
   * department's offer timeout (null for the installation's default).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Object[]> unansweredOffers() {
    return em.createQuery(
            "select c.id, c.offeredAt, d.offerSeconds from Conversation c, Department d"
                + " where d.id = c.departmentId and c.state = :s and c.offeredAt is not null"
                + " order by c.offeredAt",
            Object[].class)
        .setParameter("s", ConversationState.ASSIGNED)
        .setMaxResults(500)
        .getResultList();
  }

  /**
   * Offers one conversation to the next fitting agent if its agent still has not answered within
   * the department's offer timeout. Skips it for this round when another node or an assignment
   * holds the department's lock; with nobody else fitting it stays with its agent.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void offerAgain(String conversationId) {
    Conversation conversation = em.find(Conversation.class, conversationId);
    if (conversation == null || !assignment.tryLockDepartment(conversation.departmentId())) {
      return;
    }
    em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
    if (conversation.state() != ConversationState.ASSIGNED || conversation.offeredAt().isEmpty()) {
      return;
    }
    int timeout =
        em.find(Department.class, conversation.departmentId())
            .offerSeconds()
            .orElse(defaultOfferSeconds);
    if (timeout <= 0 || clock.now().isBefore(conversation.offeredAt().get().plusSeconds(timeout))) {
      return;
    }
    String from = conversation.agentId();
    if (assignment.offerToNext(conversation, timeout)) {
      LOG.info(
          () ->
              "conversation "
                  + conversationId
                  + " offered to agent "
                  + conversation.agentId()
                  + ": agent "
                  + from
                  + " did not answer within "
                  + timeout
                  + " s");
    }
  }

  /** Open conversations of visitors without a socket, whatever the wait. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<String> ofGoneVisitors() {
    return em.createQuery(
            "select c.id from Conversation c, Visitor v where v.id = c.visitorId"
                + " and c.state in :open and v.disconnectedAt is not null order by c.createdAt",
            String.class)
        .setParameter("open", List.of(ConversationState.QUEUED, ConversationState.ASSIGNED))
        .setMaxResults(500)
        .getResultList();
  }

  /** Closes one conversation if its visitor is still gone past the department's wait. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void closeAbandoned(String conversationId) {
    Conversation conversation = em.find(Conversation.class, conversationId);
    if (conversation == null || !conversation.isOpen()) {
      return;
    }
    Visitor visitor = em.find(Visitor.class, conversation.visitorId());
    if (visitor == null || visitor.disconnectedAt().isEmpty()) {
      return;
    }
    int wait =
        em.find(Department.class, conversation.departmentId())
            .visitorGoneSeconds()
            .orElse(defaultVisitorGoneSeconds);
    if (clock.now().isBefore(visitor.disconnectedAt().get().plusSeconds(wait))) {
      return;
    }
    conversations.closeAbandoned(conversationId);
    LOG.info(
        () ->
            "conversation "
                + conversationId
                + " closed: its visitor has been gone for "
                + wait
                + " s");
  }

  /** Hands one conversation on if its agent is still away past the grace period. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void handOn(String conversationId) {
    Conversation conversation = em.find(Conversation.class, conversationId);
    if (conversation == null) {
      return;
    }
    // Department before conversation: the order in which assignment takes the same two locks.
    assignment.lockDepartment(conversation.departmentId());
    em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
    if (conversation.state() != ConversationState.ASSIGNED || conversation.agentId() == null) {
      return;
    }
    Agent agent = em.find(Agent.class, conversation.agentId());
    if (agent == null || agent.disconnectedAt().isEmpty()) {
      return;
    }
    // A disabled account is not coming back: no grace period.
    int grace =
        agent.disabled()
            ? 0
            : em.find(Department.class, conversation.departmentId())
                .agentGraceSeconds()
                .orElse(defaultGraceSeconds);
    Instant now = clock.now();
    if (now.isBefore(agent.disconnectedAt().get().plusSeconds(grace))) {
      return;
    }
    assignment.requeue(conversation, conversation.departmentId());
    LOG.info(
        () ->
            "conversation "
                + conversationId
                + " handed on: agent "
                + agent.id()
                + " has had no console for "
                + grace
                + " s");
  }
}
