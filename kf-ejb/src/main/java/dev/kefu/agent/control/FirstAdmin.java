package dev.kefu.agent.control;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Set;

/**
 * The first account of a tenant, made with the tenant: every role, a local password, and a member
 * of the tenant's first department so that it can answer chats at once.
 */
public final class FirstAdmin {

  private FirstAdmin() {}

  /** Stores the account and its department membership in the caller's transaction. */
  public static Agent create(
      EntityManager em,
      String tenantId,
      String departmentId,
      String username,
      String displayName,
      char[] password,
      Instant now) {
    Agent admin =
        new Agent(
            tenantId, username, displayName, Set.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN), now);
    admin.changePasswordHash(PasswordHash.of(password));
    em.persist(admin);
    em.flush();
    joinDepartment(em, departmentId, admin.id());
    return admin;
  }

  /** Makes an agent a member of a department, in the caller's transaction. */
  public static void joinDepartment(EntityManager em, String departmentId, String agentId) {
    em.createNativeQuery("INSERT INTO department_member (department_id, agent_id) VALUES (?1, ?2)")
        .setParameter(1, departmentId)
        .setParameter(2, agentId)
        .executeUpdate();
  }
}
