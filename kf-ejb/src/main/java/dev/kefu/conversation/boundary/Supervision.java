package dev.kefu.conversation.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.shared.Clock;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.entity.Department;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What supervisors do with the live conversations of their departments (admins: of their tenant):
 * list them, watch one as it goes, and take one over. Anyone else, the conversation's own agent
 * included, finds nothing to supervise: it answers as a conversation that does not exist.
 */
@Stateless
public class Supervision {

  private static final int MAX_LIVE = 500;

  @PersistenceContext private EntityManager em;
  @Inject private Messages messages;
  @Inject private ConversationAccess access;
  @Inject private Transfers transfers;
  @Inject private Memberships memberships;
  @Inject private Clock clock;

  /** A live conversation with its visitor and the name of its agent (null while queued). */
  public record Live(ConversationView view, String agentName) {}

  /**
   * Who follows the live conversations of the conversation's department as they change: its
   * supervisors and the tenant's admins. None for a conversation that does not exist.
   */
  public List<String> overseersOfConversation(String conversationId) {
    Conversation conversation = em.find(Conversation.class, conversationId);
    return conversation == null
        ? List.of()
        : memberships.overseersOf(conversation.tenantId(), conversation.departmentId());
  }

  /**
   * Who is told how many visitors wait in the department: its members (to take them when they are
   * available), its supervisors and the tenant's admins.
   */
  public Set<String> followersOf(String departmentId) {
    Department department = em.find(Department.class, departmentId);
    if (department == null) {
      return Set.of();
    }
    Set<String> followers = new LinkedHashSet<>(memberships.membersOf(departmentId));
    followers.addAll(memberships.overseersOf(department.tenantId(), departmentId));
    return followers;
  }

  /** How many conversations wait in each department the agent is a member of. */
  public Map<String, Integer> waitingFor(String agentId) {
    return waitingIn(memberships.departmentsOf(agentId));
  }

  /** How many conversations wait in each of these departments, in their order. */
  public Map<String, Integer> waitingIn(List<String> departments) {
    Map<String, Integer> waiting = new LinkedHashMap<>();
    departments.forEach(d -> waiting.put(d, 0));
    if (departments.isEmpty()) {
      return waiting;
    }
    em.createQuery(
            "select c.departmentId, count(c) from Conversation c where c.state = :s"
                + " and c.departmentId in :d group by c.departmentId",
            Object[].class)
        .setParameter("s", ConversationState.QUEUED)
        .setParameter("d", departments)
        .getResultList()
        .forEach(row -> waiting.put((String) row[0], ((Number) row[1]).intValue()));
    return waiting;
  }

  /** A conversation the member of staff supervises ({@link ConversationAccess#supervised}). */
  public Conversation supervised(String agentId, String conversationId) {
    return access.supervised(agentId, conversationId);
  }

  /** The open conversations the member of staff supervises, oldest first. */
  public List<Live> live(String agentId) {
    Agent agent = em.find(Agent.class, agentId);
    if (agent == null || !Role.covers(agent.roles(), Role.SUPERVISOR)) {
      return List.of();
    }
    boolean admin = Role.covers(agent.roles(), Role.ADMIN);
    List<String> departments = admin ? List.of() : memberships.departmentsOf(agentId);
    if (!admin && departments.isEmpty()) {
      return List.of();
    }
    var query =
        em.createQuery(
                "select c from Conversation c where c.tenantId = :t and c.state in :open"
                    + (admin ? "" : " and c.departmentId in :d")
                    + " order by c.createdAt",
                Conversation.class)
            .setParameter("t", agent.tenantId())
            .setParameter("open", List.of(ConversationState.QUEUED, ConversationState.ASSIGNED))
            .setMaxResults(MAX_LIVE);
    if (!admin) {
      query.setParameter("d", departments);
    }
    return query.getResultList().stream()
        .map(
            c -> {
              Agent assigned = c.agentId() == null ? null : em.find(Agent.class, c.agentId());
              return new Live(
                  new ConversationView(c, em.find(Visitor.class, c.visitorId())),
                  assigned == null ? null : assigned.displayName());
            })
        .toList();
  }

  /**
   * The supervisor takes the conversation over: it becomes theirs, whatever their load, and the
   * visitor is told in a system message and by {@code assigned}; its agent gets {@code closed} by
   * {@code transfer}.
   */
  public void take(String agentId, String conversationId) {
    Conversation conversation = supervised(agentId, conversationId);
    em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
    if (!conversation.isOpen()) {
      throw new RuleViolation("conversation_closed", "the conversation is closed");
    }
    if (conversation.isAssignedTo(agentId)) {
      return;
    }
    Agent supervisor = em.find(Agent.class, agentId);
    Agent previous =
        conversation.agentId() == null ? null : em.find(Agent.class, conversation.agentId());
    messages.postSystem(
        conversation,
        (previous == null ? "" : previous.displayName() + " → ") + supervisor.displayName());
    transfers.handTo(conversation, supervisor.id(), supervisor.displayName(), clock.now());
  }
}
