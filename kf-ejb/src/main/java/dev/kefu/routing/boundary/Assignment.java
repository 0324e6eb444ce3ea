package dev.kefu.routing.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.conversation.boundary.ConversationOpened;
import dev.kefu.conversation.boundary.Transfers;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.routing.control.Candidate;
import dev.kefu.shared.Clock;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.entity.Department;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * Gives conversations to agents. A conversation goes to an available member of its department
 * (online, or in a custom status that counts as available) who is below their capacity and has the
 * skill it needs, chosen by the department's strategy (least busy, or round robin); with none, it
 * waits in the department's queue. When places free up the queue is served oldest first, passing
 * over a conversation that no free agent fits so that it blocks nobody behind it. What the queue
 * means for those still waiting (their places, the wait) is told by {@link Queues}.
 *
 * <p>Every decision is taken while holding the department's row lock, so two nodes never assign
 * past an agent's capacity within a department or hand one conversation out twice.
 */
@Stateless
public class Assignment {

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;
  @Inject private Memberships memberships;
  @Inject private Departments departments;
  @Inject private Transfers transfers;
  @Inject private Queues queues;

  private Boolean skipLocked;

  /**
   * Assigns newly opened conversations, in the order given, each to the member of staff whose
   * invitation its visitor answers ({@link ConversationOpened#invitedBy}) first when they are an
   * available member of its department with a free place, else as any other; or leaves it queued,
   * and tells the queue who joined it. The department's agents and queue are read once for all the
   * conversations of one department, under its lock.
   */
  public void assignOrQueue(List<ConversationOpened> opened) {
    Map<String, List<ConversationOpened>> byDepartment = new TreeMap<>();
    for (ConversationOpened o : opened) {
      byDepartment.computeIfAbsent(o.conversation().departmentId(), d -> new ArrayList<>()).add(o);
    }
    byDepartment.forEach(this::assignOrQueueIn);
  }

  private void assignOrQueueIn(String departmentId, List<ConversationOpened> opened) {
    Department department = lockDepartment(departmentId);
    List<Candidate> pool = available(department.id());
    List<Conversation> queued = new ArrayList<>();
    for (ConversationOpened o : opened) {
      if (!placed(department, pool, o.conversation(), o.invitedBy())) {
        queued.add(o.conversation());
      }
    }
    if (!queued.isEmpty()) {
      queues.announceJoined(queued, pool.stream().mapToInt(Candidate::capacity).sum());
    }
  }

  /**
   * Assigns the conversation, to {@code invitedBy} first when they can take it; answers whether.
   */
  private boolean placed(
      Department department, List<Candidate> pool, Conversation conversation, String invitedBy) {
    if (invitedBy != null) {
      Optional<Candidate> inviter =
          pool.stream().filter(c -> c.agentId().equals(invitedBy) && c.hasRoom()).findFirst();
      if (inviter.isPresent() && claimPlace(inviter.get())) {
        assign(conversation, inviter.get());
        return true;
      }
    }
    return assignWithin(department, pool, conversation, Set.of());
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
    for (Conversation conversation : queues.waiting(departmentId)) {
      if (pool.stream().noneMatch(Candidate::hasRoom)) {
        break;
      }
      if (assignWithin(department, pool, conversation, Set.of())) {
        moved = true;
      }
    }
    if (moved) {
      queues.announce(departmentId);
    }
  }

  /**
   * Puts the conversation back in line in a department ({@link Transfers#requeue}), which serves
   * the queue and tells it ({@link Dispatch}).
   */
  public void requeue(Conversation conversation, String departmentId) {
    transfers.requeue(conversation, departmentId);
  }

  /**
   * Offers a conversation whose agent let the offer time out to the next fitting agent of its
   * department, never to one who let it time out before. The caller holds the department's lock and
   * the conversation's. Answers whether it moved; with nobody else fitting it stays.
   */
  public boolean offerToNext(Conversation conversation, int offerSeconds) {
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
    assign(conversation, next.get(), offerSeconds);
    return true;
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
    assign(conversation, candidate, null);
  }

  /** As above; {@code offerSeconds} when the conversation's offer to another agent timed out. */
  private void assign(Conversation conversation, Candidate candidate, Integer offerSeconds) {
    Instant now = clock.now();
    if (!transfers.handTo(conversation, candidate.agentId(), candidate.name(), now, offerSeconds)) {
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
