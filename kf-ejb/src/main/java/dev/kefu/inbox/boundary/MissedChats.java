package dev.kefu.inbox.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.shared.NotFoundException;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Conversations that closed with nobody having answered them: listed per department for its
 * members, and announced to its supervisors and the tenant's admins as they happen.
 */
@Stateless
public class MissedChats {

  public static final int MAX_LISTED = 200;

  @PersistenceContext private EntityManager em;

  /**
   * The missed conversations the member of staff may see, newest first: those of their departments,
   * or of the whole tenant for an admin; only of {@code departmentId} when given.
   */
  public List<ConversationView> visibleTo(String agentId, String departmentId) {
    Agent agent = em.find(Agent.class, agentId);
    if (agent == null) {
      throw new NotFoundException("no such agent");
    }
    List<String> departments =
        Role.covers(agent.roles(), Role.ADMIN) ? null : departmentsOf(agentId);
    if (departmentId != null && !departmentId.isBlank()) {
      if (departments != null && !departments.contains(departmentId)) {
        return List.of();
      }
      departments = List.of(departmentId);
    }
    if (departments != null && departments.isEmpty()) {
      return List.of();
    }
    var query =
        em.createQuery(
                "select c from Conversation c where c.tenantId = :t and c.state = :s"
                    + (departments == null ? "" : " and c.departmentId in :d")
                    + " order by c.closedAt desc",
                Conversation.class)
            .setParameter("t", agent.tenantId())
            .setParameter("s", ConversationState.MISSED)
            .setMaxResults(MAX_LISTED);
    if (departments != null) {
      query.setParameter("d", departments);
    }
    return query.getResultList().stream()
        .map(c -> new ConversationView(c, em.find(Visitor.class, c.visitorId())))
        .toList();
  }

  /** Who is told of a missed conversation: its department's supervisors and the tenant's admins. */
  public List<String> toldOf(Conversation conversation) {
    List<String> members = departmentsMembers(conversation.departmentId());
    return em
        .createQuery("select a from Agent a where a.tenantId = :t", Agent.class)
        .setParameter("t", conversation.tenantId())
        .getResultList()
        .stream()
        .filter(
            a ->
                Role.covers(a.roles(), Role.ADMIN)
                    || (Role.covers(a.roles(), Role.SUPERVISOR) && members.contains(a.id())))
        .map(Agent::id)
        .toList();
  }

  /** The departments the agent is a member of. */
  public List<String> departmentsOf(String agentId) {
    @SuppressWarnings("unchecked")
    List<String> ids =
        em.createNativeQuery("SELECT department_id FROM department_member WHERE agent_id = ?1")
            .setParameter(1, agentId)
            .getResultList();
    return ids;
  }

  private List<String> departmentsMembers(String departmentId) {
    @SuppressWarnings("unchecked")
    List<String> ids =
        em.createNativeQuery("SELECT agent_id FROM department_member WHERE department_id = ?1")
            .setParameter(1, departmentId)
            .getResultList();
    return ids;
  }
}
