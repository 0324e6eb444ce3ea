package dev.kefu.inbox.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.shared.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Conversations that closed with nobody having answered them, listed per department for its
 * members. Its supervisors and the tenant's admins hear of each as it happens ({@code
 * ConversationMissed}, addressed by {@link Memberships#overseersOf}).
 */
@Stateless
public class MissedChats {

  public static final int MAX_LISTED = 200;

  @PersistenceContext private EntityManager em;
  @Inject private Memberships memberships;

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
        Role.covers(agent.roles(), Role.ADMIN) ? null : memberships.departmentsOf(agentId);
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
    return query.getResultList().stream().map(c -> ConversationView.of(em, c)).toList();
  }
}
