package dev.kefu.conversation.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.tenant.entity.Department;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Whom a member of staff may hand a conversation to: the agents and the departments of their own
 * tenant, by name. The transfer itself checks the target again ({@link Conversations#transfer}).
 */
@Stateless
public class TransferTargets {

  private static final int MAX = 1000;

  @PersistenceContext private EntityManager em;

  public List<Agent> agents(String tenantId) {
    return em.createQuery(
            "select a from Agent a where a.tenantId = :t order by a.displayName", Agent.class)
        .setParameter("t", tenantId)
        .setMaxResults(MAX)
        .getResultList();
  }

  public List<Department> departments(String tenantId) {
    return em.createQuery(
            "select d from Department d where d.tenantId = :t order by d.name", Department.class)
        .setParameter("t", tenantId)
        .setMaxResults(MAX)
        .getResultList();
  }
}
