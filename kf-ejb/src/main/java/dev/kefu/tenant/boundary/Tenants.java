package dev.kefu.tenant.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.control.TenantScope;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import dev.kefu.tenant.entity.Tenant;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * The tenants of a multi-tenant installation, as its platform operator manages them. Founding a
 * tenant gives it what a fresh installation has: a department, a site and a first admin, whose
 * password is made here and shown once.
 */
@Stateless
public class Tenants {

  /** A founded tenant and its first admin, with the admin's password in clear this once. */
  public record Founded(
      Tenant tenant, String adminId, String adminUsername, String password, Site site) {}

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Event<TenantFounded> founded;
  @Resource private SessionContext self;

  public List<Tenant> all() {
    return em.createQuery("select t from Tenant t order by t.createdAt", Tenant.class)
        .getResultList();
  }

  /**
   * Founds a tenant named {@code name} whose first admin signs in as {@code adminUsername}, which
   * must be free across all tenants: sign-in finds an account by its user name alone.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public Founded found(Actor by, String name, String adminUsername) {
    String tenantName = name == null ? "" : name.strip();
    String username = adminUsername == null ? "" : adminUsername.strip();
    if (tenantName.isEmpty() || tenantName.length() > 200) {
      throw new RuleViolation("bad_request", "name must be 1 to 200 characters");
    }
    if (username.isEmpty() || username.length() > 100) {
      throw new RuleViolation("bad_request", "adminUsername must be 1 to 100 characters");
    }
    // Every tenant's accounts: a user name taken in any of them cannot sign in twice.
    boolean taken =
        TenantScope.acrossTenants(
            () -> self.getBusinessObject(Tenants.class).userNameTaken(username));
    if (taken) {
      throw new RuleViolation("conflict", "that user name is taken");
    }
    Tenant tenant = new Tenant(tenantName, clock.now());
    return TenantScope.call(
        tenant.id(), () -> self.getBusinessObject(Tenants.class).store(by, tenant, username));
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean userNameTaken(String username) {
    return em.createQuery("select count(a) from Agent a where a.username = :u", Long.class)
            .setParameter("u", username)
            .getSingleResult()
        > 0;
  }

  /** Stores the tenant and its first objects; runs inside the new tenant's scope. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Founded store(Actor by, Tenant tenant, String username) {
    Instant now = clock.now();
    em.persist(tenant);
    Department department = new Department(tenant.id(), "Support / 客服部", now);
    em.persist(department);
    Site site = new Site(tenant.id(), "Website", department, now);
    site.changeGreeting("您好，请问有什么可以帮您？ Hello, how can we help you?");
    em.persist(site);
    String password = PublicId.randomToken(12);
    // The accounts are the agent component's: it makes the first admin in this transaction.
    TenantFounded made =
        new TenantFounded(tenant.id(), department.id(), username, password.toCharArray(), now);
    founded.fire(made);
    auditLog.recordChange(
        by,
        Action.TENANT_CREATE,
        "tenant",
        tenant.id(),
        Jsonp.createObjectBuilder().build(),
        Jsonp.createObjectBuilder()
            .add("name", tenant.name())
            .add("admin", username)
            .add("site", site.id())
            .build());
    return new Founded(tenant, made.adminId(), username, password, site);
  }
}
