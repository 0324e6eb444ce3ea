package dev.kefu.routing.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.events.ConversationAssigned;
import dev.kefu.events.ConversationClosed;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.QueueMoved;
import dev.kefu.shared.Clock;
import dev.kefu.tenant.entity.Department;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives conversations to agents: the least-busy online member of the conversation's department
 * below their capacity, or the department's queue, oldest first. Every decision is taken while
 * holding the department's row lock, so two nodes never assign past an agent's capacity or hand one
 * conversation out twice.
 */
@Stateless
public class Assignment {

  private static final Logger LOG = Logger.getLogger(Assignment.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private Event<KefuEvent> events;
  @Inject private Clock clock;

  @Inject
  @ConfigProperty(name = "kf.queue.seconds-per-position", defaultValue = "60")
  private int secondsPerPosition;

  /** Assigns a newly opened conversation, or leaves it queued and tells the queue. */
  public void assignOrQueue(Conversation conversation) {
    lockDepartment(conversation.departmentId());
    Optional<Candidate> candidate = leastBusy(conversation.departmentId());
    if (candidate.isPresent()) {
      assign(conversation, candidate.get());
    } else {
      announceQueue(conversation.departmentId());
    }
  }

  /** Fills the free places of an agent's departments from their queues, oldest first. */
  public void drainQueuesOf(String agentId) {
    @SuppressWarnings("unchecked")
    List<String> departments =
        em.createNativeQuery("SELECT department_id FROM department_member WHERE agent_id = ?1")
            .setParameter(1, agentId)
            .getResultList();
    departments.forEach(this::drain);
  }

  /** Assigns waiting conversations of one department while a fitting agent has a free place. */
  public void drain(String departmentId) {
    lockDepartment(departmentId);
    List<Conversation> queued = queued(departmentId);
    boolean moved = false;
    for (Conversation conversation : queued) {
      Optional<Candidate> candidate = leastBusy(departmentId);
      if (candidate.isEmpty()) {
        break;
      }
      assign(conversation, candidate.get());
      moved = true;
    }
    if (moved) {
      announceQueue(departmentId);
    }
  }

  /** Gives the conversation to a named agent, whatever their load: a person decided it. */
  public void transferTo(Conversation conversation, Agent agent) {
    assign(conversation, new Candidate(agent.id(), agent.displayName()));
  }

  /** Puts the conversation back in line in another department, and assigns it if it can. */
  public void requeue(Conversation conversation, String departmentId) {
    // Locked before the row points at it (a foreign key's shared lock), as for a new conversation.
    lockDepartment(departmentId);
    String previous = conversation.agentId();
    conversation.requeueIn(departmentId);
    em.flush();
    if (previous != null) {
      events.fire(new ConversationClosed(conversation.id(), null, previous, "transfer"));
    }
    drain(departmentId);
    announceQueue(departmentId);
  }

  /** Tells every waiting visitor of the department where they stand now. */
  public void announceQueue(String departmentId) {
    List<QueueMoved.Place> places = new ArrayList<>();
    int position = 0;
    for (Conversation conversation : queued(departmentId)) {
      position++;
      places.add(
          new QueueMoved.Place(
              conversation.id(),
              conversation.visitorId(),
              position,
              position * secondsPerPosition));
    }
    events.fire(new QueueMoved(departmentId, List.copyOf(places)));
  }

  /** The waiting place of one conversation, counted from 1; 0 when it is not waiting. */
  public int positionOf(Conversation conversation) {
    if (conversation.state() != ConversationState.QUEUED) {
      return 0;
    }
    Long ahead =
        em.createQuery(
                "select count(c) from Conversation c where c.departmentId = :d and c.state = :s"
                    + " and c.createdAt < :t",
                Long.class)
            .setParameter("d", conversation.departmentId())
            .setParameter("s", ConversationState.QUEUED)
            .setParameter("t", conversation.createdAt())
            .getSingleResult();
    return ahead.intValue() + 1;
  }

  public int estimatedWaitSeconds(int position) {
    return position * secondsPerPosition;
  }

  private void assign(Conversation conversation, Candidate candidate) {
    em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
    if (!conversation.isOpen()) {
      return;
    }
    String previous = conversation.agentId();
    conversation.assignTo(candidate.agentId(), clock.now());
    em.flush();
    LOG.info(
        () -> "conversation " + conversation.id() + " assigned to agent " + candidate.agentId());
    events.fire(
        new ConversationAssigned(
            conversation.id(),
            conversation.visitorId(),
            candidate.agentId(),
            candidate.name(),
            previous));
  }

  /**
   * Takes the department's row lock for the rest of the transaction. Whoever also locks a
   * conversation of the department takes this lock first.
   */
  public void lockDepartment(String departmentId) {
    em.find(Department.class, departmentId, LockModeType.PESSIMISTIC_WRITE);
  }

  private List<Conversation> queued(String departmentId) {
    return em.createQuery(
            "select c from Conversation c where c.departmentId = :d and c.state = :s"
                + " order by c.createdAt, c.id",
            Conversation.class)
        .setParameter("d", departmentId)
        .setParameter("s", ConversationState.QUEUED)
        .getResultList();
  }

  /** The online member of the department with the fewest conversations, below capacity. */
  private Optional<Candidate> leastBusy(String departmentId) {
    em.flush();
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT a.id, a.display_name, a.capacity,"
                    + " (SELECT COUNT(*) FROM conversation c"
                    + "   WHERE c.agent_id = a.id AND c.state = 'ASSIGNED') AS busy"
                    + " FROM agent a JOIN department_member m ON m.agent_id = a.id"
                    + " WHERE m.department_id = ?1 AND a.status = 'ONLINE'"
                    + " ORDER BY busy, a.id")
            .setParameter(1, departmentId)
            .getResultList();
    for (Object[] row : rows) {
      int capacity = ((Number) row[2]).intValue();
      long busy = ((Number) row[3]).longValue();
      if (busy < capacity) {
        return Optional.of(new Candidate((String) row[0], (String) row[1]));
      }
    }
    return Optional.empty();
  }

  private record Candidate(String agentId, String name) {}
}
