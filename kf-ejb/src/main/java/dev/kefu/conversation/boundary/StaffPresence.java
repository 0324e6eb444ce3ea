package dev.kefu.conversation.boundary;

import dev.kefu.agent.entity.AgentStatus;
import dev.kefu.conversation.entity.ConversationState;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Which members of staff the database shows at work, for the cluster's presence sweep. It asks of
 * agents and of their conversations at once, so it lives with the conversations, the higher of the
 * two components.
 */
@Stateless
public class StaffPresence {

  @PersistenceContext private EntityManager em;

  /**
   * Agents who look connected to the database: not marked gone, and online or holding
   * conversations. In a cluster, those whom no node counts a console for are set gone ({@code
   * Agents#absentEverywhere}), as when a node dies with their consoles.
   */
  public List<String> seeminglyConnected() {
    return em.createQuery(
            "select a.id from Agent a where a.disconnectedAt is null and (a.status <> :offline"
                + " or exists (select c.id from Conversation c where c.agentId = a.id"
                + " and c.state = :assigned))",
            String.class)
        .setParameter("offline", AgentStatus.OFFLINE)
        .setParameter("assigned", ConversationState.ASSIGNED)
        .getResultList();
  }
}
