package dev.kefu.routing.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.QueueMoved;
import dev.kefu.routing.control.Candidate;
import dev.kefu.routing.control.WaitEstimate;
import dev.kefu.shared.Clock;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.entity.Department;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * Gives conversations to agents. A conversation goes to an available member of its department
 * (online, or in a custom status that counts as available) who is below their capacity and has the
 * skill it needs, chosen by the department's strategy (least busy, or round robin); with none, it
 * waits in the department's queue. When places free up the queue is served oldest first, passing
 * over a conversation that no free agent fits so that it blocks nobody behind it.
 *
 * <p>Every decision is taken while holding the department's row lock, so two nodes never assign
 * past an agent's capacity within a department or hand one conversation out twice.
 */
@Stateless
public class Assignment {

  /** How many recent conversations the estimated wait averages over, and how far back. */
  private static final int HANDLING_SAMPLE = 20;

  private static final Duration HANDLING_WINDOW = Duration.ofDays(7);

  @PersistenceContext private EntityManager em;
  @Inject private Event<KefuEvent> events;
  @Inject private Clock clock;
  @Inject private Memberships memberships;
  @Inject private Departments departments;
  @Inject private Conversations conversations;

  @Inject
  @ConfigProperty(name = "kf.queue.seconds-per-position", defaultValue = "60")
  private int secondsPerPosition;

  private Boolean skipLocked;

  /** Assigns a newly opened conversation, or leaves it queued and tells the queue. */
  public void assignOrQueue(Conversation conversation) {
    Department department = lockDepartment(conversation.departmentId());
    if (!assignWithin(department, available(department.id()), conversation, Set.of())) {
      announceQueue(conversation.departmentId());
    }
  }

  /**
   * Gives the conversation to the fitting candidate the strategy picks, claiming a place in the
   * agent's row first; a candidate found full by then (another department filled the place) is
   * passed over. Answers whether it was assigned.
   */
  private boolean assignWithin(
      Department department,
      List<Candidate> pool,
      Conversation conversation,
      Set<String> excluded) {
    for (; ; ) {
      Optional<Candidate> candidate =
          Candidate.choose(department.strategy(), pool, conversation, excluded);
      if (candidate.isEmpty()) {
        return false;
      }
      if (claimPlace(candidate.get())) {
        assign(conversation, candidate.get());
        return true;
      }
    }
  }

  /**
   * Locks the agent's row and counts their conversations again. The department's lock keeps its own
   * assignments in turn, but an agent of several departments may be given conversations under
   * several department locks at once; the agent's lock (always taken after a department's) makes
   * those take turns too, so nobody goes past their capacity. A candidate found full is marked so.
   */
  private boolean claimPlace(Candidate candidate) {
    em.flush();
    Object[] row =
        (Object[])
            em.createNativeQuery("SELECT id, capacity FROM agent WHERE id = ?1 FOR UPDATE")
                .setParameter(1, candidate.agentId())
                .getSingleResult();
    long busy =
        ((Number)
                em.createNativeQuery(
                        "SELECT COUNT(*) FROM conversation WHERE agent_id = ?1 AND state = 'ASSIGNED'")
                    .setParameter(1, candidate.agentId())
                    .getSingleResult())
            .longValue();
    boolean room = busy < ((Number) row[1]).intValue();
    if (!room) {
      candidate.full();
    }
    return room;
  }

  /** Fills the free places of an agent's departments from their queues, oldest first. */
  public void drainQueuesOf(String agentId) {
    memberships.departmentsOf(agentId).forEach(this::drain);
  }

  /**
   * Assigns waiting conversations of one department, oldest first, each to a fitting agent with a
   * free place. One that no free agent fits (it needs a skill none of them has) keeps its place and
   * the next one is tried, so no conversation waits while an agent who fits it has room.
   */
  public void drain(String departmentId) {
    Department department = lockDepartment(departmentId);
    List<Candidate> pool = available(departmentId);
    boolean moved = false;
    for (Conversation conversation : queued(departmentId)) {
      if (pool.stream().noneMatch(Candidate::hasRoom)) {
        break;
      }
      if (assignWithin(department, pool, conversation, Set.of())) {
        moved = true;
      }
    }
    if (moved) {
      announceQueue(departmentId);
    }
  }

  /**
   * Puts the conversation back in line in a department ({@link Conversations#requeue}), which
   * serves the queue and tells it ({@link Dispatch}).
   */
  public void requeue(Conversation conversation, String departmentId) {
    conversations.requeue(conversation, departmentId);
  }

  /**
   * Offers a conversation whose agent let the offer time out to the next fitting agent of its
   * department, never to one who let it time out before. The caller holds the department's lock and
   * the conversation's. Answers whether it moved; with nobody else fitting it stays.
   */
  public boolean offerToNext(Conversation conversation) {
    Department department = em.find(Department.class, conversation.departmentId());
    Set<String> excluded = new HashSet<>(conversation.declinedBy());
    excluded.add(conversation.agentId());
    List<Candidate> pool = available(department.id());
    Optional<Candidate> next;
    do {
      next = Candidate.choose(department.strategy(), pool, conversation, excluded);
      if (next.isEmpty()) {
        return false;
      }
    } while (!claimPlace(next.get()));
    conversation.offerTimedOut();
    em.flush();
    assign(conversation, next.get());
    return true;
  }

  /** Tells every waiting visitor of the department where they stand now, and how long it takes. */
  public void announceQueue(String departmentId) {
    WaitEstimate estimate = estimate(departmentId);
    List<QueueMoved.Place> places = new ArrayList<>();
    int position = 0;
    for (Conversation conversation : queued(departmentId)) {
      position++;
      places.add(
          new QueueMoved.Place(
              conversation.id(),
              conversation.visitorId(),
              position,
              estimate.secondsFor(position)));
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
                    + " and (c.createdAt < :t or (c.createdAt = :t and c.id < :id))",
                Long.class)
            .setParameter("d", conversation.departmentId())
            .setParameter("s", ConversationState.QUEUED)
            .setParameter("t", conversation.createdAt())
            .setParameter("id", conversation.id())
            .getSingleResult();
    return ahead.intValue() + 1;
  }

  /** The estimated wait of the place {@code position} in the department's queue, in seconds. */
  public int estimatedWaitSeconds(String departmentId, int position) {
    return estimate(departmentId).secondsFor(position);
  }

  /**
   * What the estimate rests on: the department's recent average handling time (assignment to close,
   * over its last {@value #HANDLING_SAMPLE} closed conversations of the past week; {@code
   * kf.queue.seconds-per-position} without any) and the places its available agents have in all.
   */
  private WaitEstimate estimate(String departmentId) {
    List<Object[]> recent =
        em.createQuery(
                "select c.assignedAt, c.closedAt from Conversation c where c.departmentId = :d"
                    + " and c.state = :s and c.assignedAt is not null and c.closedAt > :since"
                    + " order by c.closedAt desc",
                Object[].class)
            .setParameter("d", departmentId)
            .setParameter("s", ConversationState.CLOSED)
            .setParameter("since", clock.now().minus(HANDLING_WINDOW))
            .setMaxResults(HANDLING_SAMPLE)
            .getResultList();
    List<Duration> handled = new ArrayList<>();
    for (Object[] row : recent) {
      handled.add(Duration.between((Instant) row[0], (Instant) row[1]));
    }
    int places = available(departmentId).stream().mapToInt(Candidate::capacity).sum();
    return WaitEstimate.of(handled, places, secondsPerPosition);
  }

  /** Whether any member of the department would be given a conversation now, were it free. */
  public boolean anyoneAvailableIn(String departmentId) {
    return memberships.anyoneAvailableIn(departmentId);
  }

  /**
   * Gives the conversation to the chosen candidate, whose place is claimed, and records the moment
   * in their membership of the department for round robin.
   */
  private void assign(Conversation conversation, Candidate candidate) {
    Instant now = clock.now();
    if (!conversations.handTo(conversation, candidate.agentId(), candidate.name(), now)) {
      return;
    }
    candidate.took(now);
    memberships.assignedAt(conversation.departmentId(), candidate.agentId(), now);
  }

  /**
   * Takes the department's row lock for the rest of the transaction and answers the department.
   * Whoever also locks a conversation of the department takes this lock first.
   */
  public Department lockDepartment(String departmentId) {
    return departments.lock(departmentId);
  }

  /**
   * Takes the department's row lock unless another transaction holds it, for work that may as well
   * wait for the next round (the sweeps that run on every node). MariaDB skips a held lock ({@code
   * FOR UPDATE SKIP LOCKED}); the embedded H2, which serves one node only, waits for it.
   */
  public boolean tryLockDepartment(String departmentId) {
    String sql =
        "SELECT id FROM department WHERE id = ?1 FOR UPDATE" + (skipLocked() ? " SKIP LOCKED" : "");
    boolean locked =
        !em.createNativeQuery(sql).setParameter(1, departmentId).getResultList().isEmpty();
    if (locked) {
      em.find(Department.class, departmentId);
    }
    return locked;
  }

  private boolean skipLocked() {
    if (skipLocked == null) {
      String product =
          em.unwrap(Session.class)
              .doReturningWork(c -> c.getMetaData().getDatabaseProductName())
              .toLowerCase(Locale.ROOT);
      skipLocked = product.contains("mariadb") || product.contains("mysql");
    }
    return skipLocked;
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

  /** The available members of the department, with how many conversations each holds now. */
  private List<Candidate> available(String departmentId) {
    em.flush();
    List<Memberships.AvailableMember> members = memberships.availableIn(departmentId);
    Map<String, Integer> busy = new HashMap<>();
    if (!members.isEmpty()) {
      @SuppressWarnings("unchecked")
      List<Object[]> rows =
          em.createNativeQuery(
                  "SELECT agent_id, COUNT(*) FROM conversation"
                      + " WHERE state = 'ASSIGNED' AND agent_id IN (?1) GROUP BY agent_id")
              .setParameter(1, members.stream().map(Memberships.AvailableMember::agentId).toList())
              .getResultList();
      for (Object[] row : rows) {
        busy.put((String) row[0], ((Number) row[1]).intValue());
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Memberships.AvailableMember member : members) {
      candidates.add(
          Candidate.of(
              member.agentId(),
              member.displayName(),
              member.capacity(),
              member.skills(),
              member.lastAssignedAt(),
              busy.getOrDefault(member.agentId(), 0)));
    }
    return candidates;
  }
}
