package dev.kefu.agent.boundary;

import dev.kefu.agent.control.PasswordHash;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.TenantFounded;
import dev.kefu.tenant.boundary.Tenants;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Local staff accounts, made and given new passwords by an admin of the tenant. With sign-in
 * through an identity provider ({@code kf.auth.mode=oidc}) accounts come from there at first
 * sign-in, and Kefu keeps no passwords, so both are refused.
 */
@Stateless
public class Accounts {

  /** Letters, digits and {@code . _ - @}, as corporate user names and e-mail addresses are. */
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{1,99}");

  static final int MIN_PASSWORD = 8;
  static final int MAX_PASSWORD = 200;
  private static final int MAX_NAME = 100;
  private static final Set<String> STAFF_ROLES = Set.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN);

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Memberships memberships;
  @Inject private Tenants tenants;

  @Inject
  @ConfigProperty(name = "kf.auth.mode", defaultValue = "local")
  private String authMode;

  /** What an admin fills in for a new member of staff. */
  public record NewAccount(
      String username,
      String displayName,
      char[] password,
      List<String> roles,
      List<String> departmentIds) {}

  /**
   * Makes a local account in the admin's tenant, a member of the given departments of that tenant.
   * Roles are those of staff; none given means agent. Audited without the password.
   */
  public Agent create(Actor by, NewAccount account) {
    refuseUnlessLocal();
    String username = account.username() == null ? "" : account.username().trim();
    checkUsername(username);
    // Accounts of a tenant are made one at a time, on any node, so that two requests for one user
    // name cannot both pass the look below.
    em.find(Tenant.class, by.tenantId(), LockModeType.PESSIMISTIC_WRITE);
    requireFree(username, null);
    requireRoomForAgent(by.tenantId());
    String displayName = checkedName(account.displayName(), username);
    Set<String> roles = checkedRoles(account.roles());
    List<String> departments = checkedDepartments(by.tenantId(), account.departmentIds());
    Agent agent = new Agent(by.tenantId(), username, displayName, roles, clock.now());
    agent.changePasswordHash(PasswordHash.of(checkedPassword(account.password())));
    em.persist(agent);
    em.flush();
    departments.stream().distinct().forEach(d -> memberships.join(d, agent.id()));
    auditLog.record(
        by,
        Action.AGENT_CREATE,
        "agent",
        agent.id(),
        Jsonp.createObjectBuilder()
            .add("username", username)
            .add("roles", Jsonp.createArrayBuilder(roles))
            .add("departments", Jsonp.createArrayBuilder(departments))
            .build());
    return agent;
  }

  /** Gives a local account of the admin's tenant a new password; audited without it. */
  public void changePassword(Actor by, String agentId, char[] password) {
    refuseUnlessLocal();
    Agent agent = em.find(Agent.class, agentId);
    if (agent == null || !agent.tenantId().equals(by.tenantId())) {
      throw new NotFoundException("no such agent");
    }
    agent.changePasswordHash(PasswordHash.of(checkedPassword(password)));
    auditLog.record(by, Action.AGENT_PASSWORD_SET, "agent", agent.id(), null);
  }

  /** Refuses one account more than the tenant's limit of agents ({@code tenant_limit}). */
  private void requireRoomForAgent(String tenantId) {
    long agents =
        em.createQuery("select count(a) from Agent a where a.tenantId = :t", Long.class)
            .setParameter("t", tenantId)
            .getSingleResult();
    tenants.requireRoom(tenantId, Tenants.Kind.AGENT, agents);
  }

  /** Refused unless a user name: 2 to 100 letters, digits or {@code . _ - @}. */
  static void checkUsername(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new RuleViolation(
          "bad_username",
          "user name: 2 to 100 letters, digits or . _ - @, starting with one",
          "username");
    }
  }

  /** Refused when another account of the tenant has the user name ({@code self} may). */
  public void requireFree(String username, String self) {
    if (em.createQuery("select a.id from Agent a where a.username = :u", String.class)
        .setParameter("u", username)
        .getResultStream()
        .anyMatch(id -> !id.equals(self))) {
      throw new RuleViolation("conflict", "an account with this user name exists", "username");
    }
  }

  /** The name people see: the user name when none is given; at most 100 characters. */
  static String checkedName(String displayName, String username) {
    String name = displayName == null || displayName.isBlank() ? username : displayName.trim();
    if (name.length() > MAX_NAME) {
      throw new RuleViolation(
          "bad_name", "name must be at most " + MAX_NAME + " characters", "name");
    }
    return name;
  }

  /** Staff roles only; none given means agent. */
  static Set<String> checkedRoles(List<String> wanted) {
    Set<String> roles = new LinkedHashSet<>();
    for (String role : wanted == null ? List.<String>of() : wanted) {
      if (!STAFF_ROLES.contains(role)) {
        throw new RuleViolation(
            "bad_role", "roles are kf-agent, kf-supervisor and kf-admin", "roles");
      }
      roles.add(role);
    }
    if (roles.isEmpty()) {
      roles.add(Role.AGENT);
    }
    return roles;
  }

  /** The tenant's departments of these ids, each once; another tenant's is not found. */
  public List<String> checkedDepartments(String tenantId, List<String> departmentIds) {
    List<String> departments =
        departmentIds == null ? List.of() : departmentIds.stream().distinct().toList();
    for (String departmentId : departments) {
      Department department = departmentId == null ? null : em.find(Department.class, departmentId);
      if (department == null || !department.tenantId().equals(tenantId)) {
        throw new NotFoundException("no such department");
      }
    }
    return departments;
  }

  /**
   * Changes the caller's own password, given their current one: any member of staff with a local
   * account. A wrong current password is refused at its field ({@code wrong_password}) and counts
   * as a failed sign-in would not: the caller is already signed in, but the check is as slow as a
   * sign-in's, which bounds guessing. Audited without either password.
   */
  public void changeOwnPassword(Actor self, String agentId, char[] current, char[] next) {
    refuseUnlessLocal();
    Agent agent = em.find(Agent.class, agentId);
    if (agent == null) {
      throw new NotFoundException("no such agent");
    }
    if (current == null
        || current.length == 0
        || current.length > Agents.MAX_SIGN_IN_PASSWORD
        || agent.passwordHash() == null
        || !PasswordHash.matches(current, agent.passwordHash())) {
      throw new RuleViolation(
          "wrong_password", "the current password is not right", "currentPassword");
    }
    try {
      agent.changePasswordHash(PasswordHash.of(checkedPassword(next)));
    } catch (RuleViolation refused) {
      throw new RuleViolation(refused.code(), refused.getMessage(), "newPassword");
    }
    auditLog.record(self, Action.AGENT_PASSWORD_CHANGED, "agent", agent.id(), null);
  }

  /** Whether accounts and passwords are Kefu's own ({@code kf.auth.mode=local}). */
  public boolean local() {
    return "local".equals(authMode);
  }

  void refuseUnlessLocal() {
    if (!"local".equals(authMode)) {
      throw new RuleViolation(
          "accounts_external", "accounts and passwords are managed by the identity provider");
    }
  }

  static char[] checkedPassword(char[] password) {
    if (password == null || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
      throw new RuleViolation(
          "bad_password",
          "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters",
          "password");
    }
    return password;
  }

  /**
   * Makes a newly founded tenant's first admin, in the transaction that founds it ({@code
   * Tenants}): every role, the password chosen there, a member of the tenant's first department.
   */
  public void firstAdminOf(@Observes TenantFounded founded) {
    Agent admin =
        FirstAdmin.create(
            em,
            founded.tenantId(),
            founded.departmentId(),
            founded.adminUsername(),
            founded.adminUsername(),
            founded.adminPassword(),
            founded.at());
    founded.adminMade(admin.id());
  }
}
