package dev.kefu.agent.boundary;

import dev.kefu.agent.control.PasswordHash;
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
    Memberships.join(em, departmentId, admin.id());
    return admin;
  }
}
