package dev.kefu.auth.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.entity.Agent;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.audit.entity.ActorType;
import dev.kefu.audit.entity.Source;
import dev.kefu.auth.entity.FederatedIdentity;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sign-ins of staff whom the corporate identity provider (Keycloak) has already authenticated. Kefu
 * keeps an account for each such person, made at their first sign-in: it carries their
 * conversations and status. Their roles and name come from the provider at every sign-in, so taking
 * a role away in Keycloak takes it away in Kefu at the next sign-in.
 *
 * <p>The tenant comes from a token claim in multi-tenant mode; a single-tenant installation has
 * only one. A person new to Kefu joins every department of their tenant, so that they can answer
 * chats at once; admins narrow that down later.
 */
@Stateless
public class FederatedSignIns {

  private static final Logger LOG = Logger.getLogger(FederatedSignIns.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Memberships memberships;

  @Inject
  @ConfigProperty(name = "kf.tenancy", defaultValue = "single")
  private String tenancy;

  /**
   * The account of this person, made or brought up to date, or empty when they cannot use Kefu: no
   * Kefu role, or no tenant of that name. Every outcome is audited.
   *
   * @param ip the client's address as far as the installation can tell
   */
  public Optional<Agent> signIn(FederatedIdentity identity, Source source, String ip) {
    Optional<Tenant> tenant = tenantOf(identity.tenant());
    if (tenant.isEmpty()) {
      refused(identity.userName(), source, ip, "unknown_tenant");
      return Optional.empty();
    }
    if (identity.roles().isEmpty()) {
      refused(identity.userName(), source, ip, "no_kefu_role");
      return Optional.empty();
    }
    String tenantId = tenant.get().id();
    List<Agent> found =
        em.createQuery(
                "select a from Agent a where a.tenantId = :t and a.username = :u", Agent.class)
            .setParameter("t", tenantId)
            .setParameter("u", identity.userName())
            .getResultList();
    Agent agent;
    if (found.isEmpty()) {
      agent =
          new Agent(
              tenantId,
              identity.userName(),
              displayNameOf(identity),
              identity.roles(),
              clock.now());
      em.persist(agent);
      em.flush();
      joinAllDepartments(agent);
      LOG.info(
          () -> "made account " + agent.id() + " at its first sign-in (" + source.wire() + ")");
    } else {
      agent = found.get(0);
      agent.takeFromIdentityProvider(identity.displayName(), identity.roles());
    }
    auditLog.recordApart(
        new Actor(tenantId, identity.userName(), ActorType.AGENT, ip, source),
        Action.SIGNIN_SUCCESS,
        "agent",
        agent.id(),
        Jsonp.createObjectBuilder().add("roles", String.join(",", identity.roles())).build());
    LOG.info(() -> "sign-in of agent " + agent.id() + " (" + source.wire() + " from " + ip + ")");
    return Optional.of(agent);
  }

  /**
   * Records a sign-in the provider or Kefu refused: an error sent back by the provider, a token
   * that did not verify, a person without a Kefu role.
   *
   * @param userName the user name if it is known, else null
   * @param reason a short code, never a token or a provider's message text
   */
  public void refused(String userName, Source source, String ip, String reason) {
    auditLog.recordApart(
        new Actor(null, userName == null ? "" : userName, ActorType.ANONYMOUS, ip, source),
        Action.SIGNIN_FAILURE,
        null,
        null,
        Jsonp.createObjectBuilder().add("reason", reason).build());
    LOG.info(() -> "sign-in refused: " + reason + " (" + source.wire() + " from " + ip + ")");
  }

  private Optional<Tenant> tenantOf(String claim) {
    if ("multi".equalsIgnoreCase(tenancy)) {
      return claim == null || claim.isBlank()
          ? Optional.empty()
          : Optional.ofNullable(em.find(Tenant.class, claim.strip()));
    }
    return em.createQuery("select t from Tenant t order by t.createdAt", Tenant.class)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  private void joinAllDepartments(Agent agent) {
    for (Department department :
        em.createQuery("select d from Department d where d.tenantId = :t", Department.class)
            .setParameter("t", agent.tenantId())
            .getResultList()) {
      memberships.join(department.id(), agent.id());
    }
  }

  private static String displayNameOf(FederatedIdentity identity) {
    String name = identity.displayName();
    return name == null || name.isBlank() ? identity.userName() : name.strip();
  }
}
