package dev.kefu.agent.boundary;

import dev.kefu.agent.control.PasswordHash;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.AgentStatus;
import dev.kefu.agent.entity.CustomStatus;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.AvailabilityChanged;
import dev.kefu.events.KefuEvent;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** Staff accounts: sign-in with a local password, and whether they take conversations. */
@Stateless
public class Agents {

  private static final Logger LOG = Logger.getLogger(Agents.class.getName());

  // Verifying against this keeps the time of a failed sign-in the same for unknown users.
  private static final String DUMMY_HASH = PasswordHash.of("not-a-password".toCharArray());

  @PersistenceContext private EntityManager em;
  @Inject private Memberships memberships;
  @Inject private Event<AgentReady> ready;
  @Inject private Event<KefuEvent> events;
  @Inject private Clock clock;
  @Inject private AuditLog auditLog;

  /**
   * The longest password a sign-in checks. No password Kefu sets is longer than 200 characters;
   * this leaves room for a first admin's password given in the environment, and keeps the cost of
   * hashing what a caller sends bounded.
   */
  public static final int MAX_SIGN_IN_PASSWORD = 1024;

  /** The local account with this user name and password, if both are right. */
  public Optional<Agent> authenticate(String username, char[] password) {
    if (username == null
        || username.isBlank()
        || username.length() > 100
        || password == null
        || password.length > MAX_SIGN_IN_PASSWORD) {
      return Optional.empty();
    }
    List<Agent> found =
        em.createQuery("select a from Agent a where a.username = :u", Agent.class)
            .setParameter("u", username.trim())
            .getResultList();
    if (found.size() != 1) {
      PasswordHash.matches(password, DUMMY_HASH);
      return Optional.empty();
    }
    Agent agent = found.get(0);
    return PasswordHash.matches(password, agent.passwordHash())
        ? Optional.of(agent)
        : Optional.empty();
  }

  /**
   * The account with this user name, without any password: to tell whose account a sign-in attempt
   * was for. Never the answer to a caller outside the server.
   */
  public Optional<Agent> withUserName(String username) {
    if (username == null || username.isBlank() || username.length() > 100) {
      return Optional.empty();
    }
    List<Agent> found =
        em.createQuery("select a from Agent a where a.username = :u", Agent.class)
            .setParameter("u", username.trim())
            .getResultList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  public Agent get(String agentId) {
    Agent agent = em.find(Agent.class, agentId);
    if (agent == null) {
      throw new NotFoundException("no such agent");
    }
    return agent;
  }

  /**
   * Whether any member of the department is available (online, or in a custom status that counts as
   * available), so a visitor can expect an answer soon.
   */
  public boolean anyoneOnlineIn(String departmentId) {
    return memberships.anyoneAvailableIn(departmentId);
  }

  /**
   * The agent's last console connection has closed: they are offline, and their conversations wait
   * the department's grace period for them ({@code OrphanedConversations}).
   */
  public void lostConnection(String agentId) {
    Agent agent = get(agentId);
    agent.lostConnection(clock.now());
    LOG.info(() -> "agent " + agentId + " has no console connected and is offline");
    availabilityMayHaveChanged(agent);
  }

  /** No node of the cluster has a console of the agent: as {@link #lostConnection}, once. */
  public void absentEverywhere(String agentId) {
    Agent agent = get(agentId);
    if (agent.disconnectedAt().isEmpty()) {
      agent.lostConnection(clock.now());
      LOG.info(() -> "agent " + agentId + " has no console on any node and is offline");
      availabilityMayHaveChanged(agent);
    }
  }

  /** A console of the agent said hello: their conversations stay theirs. Answers the agent. */
  public Agent connected(String agentId) {
    Agent agent = get(agentId);
    agent.connected();
    return agent;
  }

  /**
   * Sets whether the agent takes conversations. Going online hands the agent the oldest waiting
   * conversations of their departments, up to their capacity.
   */
  public Agent changeStatus(String agentId, AgentStatus status) {
    if (status == AgentStatus.ONLINE) {
      memberships.lockDepartmentsOf(agentId);
    }
    Agent agent = get(agentId);
    if (agent.status() != status) {
      agent.changeStatus(status);
      LOG.info(() -> "agent " + agentId + " is " + status.wire());
      availabilityMayHaveChanged(agent);
    }
    if (status == AgentStatus.ONLINE) {
      em.flush();
      ready.fire(new AgentReady(agentId));
    }
    return agent;
  }

  /**
   * Visitors' widgets show whether anyone answers; after commit, every node works out whether that
   * changed for the visitors it serves ({@link AvailabilityChanged}).
   */
  private void availabilityMayHaveChanged(Agent agent) {
    events.fire(new AvailabilityChanged(agent.tenantId()));
  }

  /** The staff of a tenant, by name. */
  public List<Agent> of(String tenantId) {
    return em.createQuery(
            "select a from Agent a where a.tenantId = :t order by a.displayName, a.id", Agent.class)
        .setParameter("t", tenantId)
        .getResultList();
  }

  /** The agent of this tenant; any other answers as if it did not exist. */
  public Agent get(String tenantId, String agentId) {
    Agent agent = agentId == null ? null : em.find(Agent.class, agentId);
    if (agent == null || !agent.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such agent");
    }
    return agent;
  }

  /** The departments the agent is a member of. */
  public List<String> departmentsOf(String agentId) {
    return memberships.departmentsOf(agentId);
  }

  /**
   * Sets how many conversations the agent holds at once and their skills, on behalf of an admin of
   * the agent's tenant (audited). More room or a new skill may bring waiting conversations at once.
   */
  public Agent changeRouting(Actor by, String agentId, int capacity, List<String> skills) {
    Agent agent = get(by.tenantId(), agentId);
    memberships.lockDepartmentsOf(agent.id());
    JsonObject before = routingOf(agent);
    try {
      agent.changeRouting(capacity, skills);
    } catch (IllegalArgumentException refused) {
      throw new RuleViolation("bad_request", refused.getMessage());
    }
    auditLog.recordChange(by, Action.AGENT_ROUTING, "agent", agent.id(), before, routingOf(agent));
    em.flush();
    ready.fire(new AgentReady(agent.id()));
    return agent;
  }

  private static JsonObject routingOf(Agent agent) {
    return Jsonp.createObjectBuilder()
        .add("capacity", agent.capacity())
        .add("skills", Jsonp.createArrayBuilder(List.copyOf(agent.skills())))
        .build();
  }

  /**
   * Puts the agent in one of their tenant's own statuses. One that counts as available hands the
   * agent waiting conversations as going online does; an unknown or another tenant's status is
   * {@code not_found}, and an account an admin has not allowed them is {@code forbidden}.
   */
  public Agent takeCustomStatus(String agentId, String statusId) {
    memberships.lockDepartmentsOf(agentId);
    Agent agent = get(agentId);
    CustomStatus custom = statusId == null ? null : em.find(CustomStatus.class, statusId);
    if (custom == null || !custom.tenantId().equals(agent.tenantId())) {
      throw new NotFoundException("no such status");
    }
    if (!agent.customStatusAllowed()) {
      throw new RuleViolation(
          "forbidden",
          "an admin has not allowed this account the tenant's own statuses",
          "statusId");
    }
    agent.takeCustomStatus(custom);
    LOG.info(() -> "agent " + agentId + " is in status " + custom.id());
    availabilityMayHaveChanged(agent);
    if (custom.available()) {
      em.flush();
      ready.fire(new AgentReady(agentId));
    }
    return agent;
  }

  /**
   * How many accounts each of these tenants has, for the platform operator's list of tenants. In a
   * persistence context of its own, so that a caller who enters no tenant ({@code
   * TenantScope.acrossTenants}, as the operator's pages do) counts across tenants.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Map<String, Long> countsByTenant(Collection<String> tenantIds) {
    Map<String, Long> counts = new HashMap<>();
    if (tenantIds.isEmpty()) {
      return counts;
    }
    for (Object[] row :
        em.createQuery(
                "select a.tenantId, count(a) from Agent a where a.tenantId in :ids"
                    + " group by a.tenantId",
                Object[].class)
            .setParameter("ids", tenantIds)
            .getResultList()) {
      counts.put((String) row[0], (Long) row[1]);
    }
    return counts;
  }
}
