package dev.kefu.agent.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.AgentStatus;
import dev.kefu.agent.entity.Role;
import dev.kefu.agent.entity.Skills;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.AccountDisabled;
import dev.kefu.events.AvailabilityChanged;
import dev.kefu.events.StatusSetByAdmin;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The staff of a tenant as its admins manage them: the accounts listed a page at a time, filtered
 * and sorted in the database; one account's settings (user name, name, roles, departments,
 * capacity, skills, whether the tenant's own statuses are allowed) saved together in one
 * transaction, so a refusal leaves nothing half-saved; disabling and enabling.
 *
 * <p>With the identity provider ({@code kf.auth.mode=oidc}) the provider owns user names, names,
 * roles and passwords: accounts are made there and come at first sign-in, and only their Kefu
 * settings (departments, capacity, skills, statuses, enabled) are changed here.
 *
 * <p>A disabled account cannot sign in, its sessions end at their next request, its console sockets
 * close at once on every node ({@link AccountDisabled}), and routing gives it nothing; its open
 * conversations go back to their queues as those of an agent whose console is gone, without the
 * grace period.
 */
@Stateless
public class Staff {

  /** The most conversations one person may hold at once. */
  public static final int MAX_CAPACITY = 100;

  /** The most an account's skills take, stored comma-separated (as {@link Agent} keeps them). */
  private static final int MAX_SKILLS_TEXT = 1000;

  /** What the list shows: all when a member is null. */
  public record Filter(String text, String role, String departmentId, Boolean disabled) {
    public static final Filter ALL = new Filter(null, null, null, null);
  }

  /** The columns the list sorts by. */
  public enum Sort {
    USERNAME("a.username"),
    NAME("a.display_name"),
    CAPACITY("a.capacity"),
    CREATED("a.created_at"),
    DISABLED("a.disabled_at");

    private final String column;

    Sort(String column) {
      this.column = column;
    }
  }

  /**
   * An account's settings as the staff page edits them. {@code password} only for a new local
   * account; {@code username}, {@code name} and {@code roles} are ignored for an account of the
   * identity provider.
   */
  public record Settings(
      String username,
      String name,
      char[] password,
      List<String> roles,
      List<String> departmentIds,
      int capacity,
      List<String> skills,
      boolean customStatusAllowed) {}

  @PersistenceContext private EntityManager em;
  @Inject private Accounts accounts;
  @Inject private Memberships memberships;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Event<AgentReady> ready;
  @Inject private Event<AccountDisabled> disabled;
  @Inject private Event<AvailabilityChanged> availabilityChanged;
  @Inject private Event<StatusSetByAdmin> statusSet;

  /** How many accounts of the tenant the filter lets through. */
  public long count(String tenantId, Filter filter) {
    Query query = em.createNativeQuery("SELECT COUNT(*) FROM agent a" + where(filter));
    bind(query, tenantId, filter);
    return ((Number) query.getSingleResult()).longValue();
  }

  /** One page of the tenant's accounts that the filter lets through, in the given order. */
  public List<Agent> page(
      String tenantId, Filter filter, Sort sort, boolean ascending, int first, int max) {
    String order = (sort == null ? Sort.NAME : sort).column + (ascending ? " ASC" : " DESC");
    // Native, because department_member has no entity: its owner, Memberships, reads it so too.
    Query query =
        em.createNativeQuery(
            "SELECT a.* FROM agent a" + where(filter) + " ORDER BY " + order + ", a.id",
            Agent.class);
    bind(query, tenantId, filter);
    @SuppressWarnings("unchecked")
    List<Agent> agents =
        query
            .setFirstResult(Math.max(0, first))
            .setMaxResults(Math.max(1, Math.min(max, 500)))
            .getResultList();
    return agents;
  }

  private static String where(Filter filter) {
    Filter f = filter == null ? Filter.ALL : filter;
    StringBuilder where = new StringBuilder(" WHERE a.tenant_id = :tenant");
    if (!blank(f.text())) {
      where.append(" AND (LOWER(a.username) LIKE :text OR LOWER(a.display_name) LIKE :text)");
    }
    if (!blank(f.role())) {
      where.append(" AND CONCAT(',', a.roles, ',') LIKE :role");
    }
    if (!blank(f.departmentId())) {
      where.append(
          " AND EXISTS (SELECT 1 FROM department_member m WHERE m.agent_id = a.id"
              + " AND m.department_id = :department)");
    }
    if (f.disabled() != null) {
      where.append(f.disabled() ? " AND a.disabled_at IS NOT NULL" : " AND a.disabled_at IS NULL");
    }
    return where.toString();
  }

  private static void bind(Query query, String tenantId, Filter filter) {
    Filter f = filter == null ? Filter.ALL : filter;
    query.setParameter("tenant", tenantId);
    if (!blank(f.text())) {
      query.setParameter("text", "%" + literal(f.text().strip().toLowerCase(Locale.ROOT)) + "%");
    }
    if (!blank(f.role())) {
      query.setParameter("role", "%," + literal(f.role().strip()) + ",%");
    }
    if (!blank(f.departmentId())) {
      query.setParameter("department", f.departmentId());
    }
  }

  /**
   * The text with LIKE's wildcards taken out: user names may hold {@code _}, which then matches any
   * one character, a harmless widening; {@code %} is in no name.
   */
  private static String literal(String text) {
    return text.replace("%", "");
  }

  /** The account of the tenant; any other answers as if it did not exist. */
  public Agent get(String tenantId, String agentId) {
    Agent agent = agentId == null ? null : em.find(Agent.class, agentId);
    if (agent == null || !agent.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such agent");
    }
    return agent;
  }

  /**
   * Makes a local account with all its settings at once: as {@link Accounts#create}, then its
   * capacity, skills and statuses; one transaction, audited as {@code agent.create}.
   */
  public Agent create(Actor by, Settings settings) {
    Routing routing = checkedRouting(settings);
    List<String> departments = accounts.checkedDepartments(by.tenantId(), settings.departmentIds());
    Agent agent =
        accounts.create(
            by,
            new Accounts.NewAccount(
                settings.username(),
                settings.name(),
                settings.password(),
                settings.roles(),
                departments));
    agent.changeRouting(routing.capacity(), routing.skills());
    agent.allowCustomStatus(settings.customStatusAllowed());
    em.flush();
    ready.fire(new AgentReady(agent.id()));
    return agent;
  }

  /**
   * Changes an account's settings together, in one transaction, audited as {@code agent.update}
   * with before and after. An admin cannot take the admin role from themselves.
   */
  public Agent change(Actor by, String agentId, Settings settings) {
    Agent agent = get(by.tenantId(), agentId);
    Routing routing = checkedRouting(settings);
    List<String> departments = accounts.checkedDepartments(by.tenantId(), settings.departmentIds());
    memberships.lockDepartments(agent.id(), departments);
    JsonObject before = json(agent, memberships.departmentsOf(agent.id()));
    if (accounts.local()) {
      String username = settings.username() == null ? "" : settings.username().trim();
      Accounts.checkUsername(username);
      String name = Accounts.checkedName(settings.name(), username);
      Set<String> roles = Accounts.checkedRoles(settings.roles());
      if (agent.id().equals(by.name()) && !roles.contains(Role.ADMIN)) {
        throw new RuleViolation(
            "own_admin_role", "an admin cannot take the admin role from themselves", "roles");
      }
      if (!username.equals(agent.username())) {
        em.find(Tenant.class, by.tenantId(), LockModeType.PESSIMISTIC_WRITE);
        accounts.requireFree(username, agent.id());
        agent.rename(username);
      }
      agent.changeDisplayName(name);
      agent.changeRoles(roles);
    }
    agent.changeRouting(routing.capacity(), routing.skills());
    AgentStatus status = agent.status();
    agent.allowCustomStatus(settings.customStatusAllowed());
    List<String> wasIn = memberships.placeIn(agent.id(), departments);
    if (agent.status() != status) {
      statusSet.fire(new StatusSetByAdmin(agent.id(), agent.status().wire()));
    }
    if (agent.status() != status || !Set.copyOf(wasIn).equals(Set.copyOf(departments))) {
      // Out of a custom status, or into or out of departments: visitors' widgets may see another
      // answer to whether anyone is there.
      availabilityChanged.fire(new AvailabilityChanged(agent.tenantId()));
    }
    auditLog.recordChange(
        by,
        Action.AGENT_UPDATE,
        "agent",
        agent.id(),
        before,
        json(agent, memberships.departmentsOf(agent.id())));
    em.flush();
    ready.fire(new AgentReady(agent.id()));
    return agent;
  }

  /** Gives a local account a new password, as {@link Accounts#changePassword}. */
  public void resetPassword(Actor by, String agentId, char[] password) {
    accounts.changePassword(by, agentId, password);
  }

  /**
   * Disables an account: no sign-in, sessions and sockets end, no conversations (see the class). An
   * admin cannot disable themselves. Audited as {@code agent.disabled}; disabling a disabled
   * account changes nothing.
   */
  public Agent disable(Actor by, String agentId) {
    Agent agent = get(by.tenantId(), agentId);
    if (agent.id().equals(by.name())) {
      throw new RuleViolation("own_account", "an admin cannot disable their own account", "agent");
    }
    if (agent.disabled()) {
      return agent;
    }
    memberships.lockDepartmentsOf(agent.id());
    agent.disable(clock.now());
    auditLog.recordChange(
        by,
        Action.AGENT_DISABLED,
        "agent",
        agent.id(),
        Jsonp.createObjectBuilder().add("disabled", false).build(),
        Jsonp.createObjectBuilder().add("disabled", true).build());
    disabled.fire(new AccountDisabled(agent.tenantId(), agent.id()));
    return agent;
  }

  /** Enables a disabled account again; audited as {@code agent.enabled}. */
  public Agent enable(Actor by, String agentId) {
    Agent agent = get(by.tenantId(), agentId);
    if (!agent.disabled()) {
      return agent;
    }
    agent.enable();
    auditLog.recordChange(
        by,
        Action.AGENT_ENABLED,
        "agent",
        agent.id(),
        Jsonp.createObjectBuilder().add("disabled", true).build(),
        Jsonp.createObjectBuilder().add("disabled", false).build());
    return agent;
  }

  /** The departments of each of these agents, for a page of the list. */
  public Map<String, List<String>> departmentsOf(List<String> agentIds) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String agentId : agentIds) {
      result.put(agentId, memberships.departmentsOf(agentId));
    }
    return result;
  }

  private record Routing(int capacity, List<String> skills) {}

  private static Routing checkedRouting(Settings settings) {
    if (settings.capacity() < 0 || settings.capacity() > MAX_CAPACITY) {
      throw new RuleViolation(
          "bad_capacity", "capacity is 0 to " + MAX_CAPACITY + " conversations", "capacity");
    }
    List<String> skills = new ArrayList<>();
    for (String skill : settings.skills() == null ? List.<String>of() : settings.skills()) {
      if (skill != null && !skill.isBlank()) {
        skills.add(skill.strip());
      }
    }
    Set<String> tags = new TreeSet<>();
    try {
      for (String skill : skills) {
        tags.add(Skills.checked(skill));
      }
    } catch (IllegalArgumentException refused) {
      throw new RuleViolation("bad_skills", refused.getMessage(), "skills");
    }
    if (String.join(",", tags).length() > MAX_SKILLS_TEXT) {
      throw new RuleViolation("bad_skills", "too many skills", "skills");
    }
    return new Routing(settings.capacity(), skills);
  }

  private static JsonObject json(Agent agent, List<String> departments) {
    return Jsonp.createObjectBuilder()
        .add("username", agent.username())
        .add("name", agent.displayName())
        .add("roles", Jsonp.createArrayBuilder(List.copyOf(agent.roles())))
        .add("departments", Jsonp.createArrayBuilder(departments))
        .add("capacity", agent.capacity())
        .add("skills", Jsonp.createArrayBuilder(List.copyOf(agent.skills())))
        .add("customStatusAllowed", agent.customStatusAllowed())
        .build();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
