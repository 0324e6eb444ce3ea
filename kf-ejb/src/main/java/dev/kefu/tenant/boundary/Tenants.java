package dev.kefu.tenant.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.SiteChanged;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.control.SiteCache;
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
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tenants of a multi-tenant installation, as its platform operator manages them. Founding a
 * tenant gives it what a fresh installation has: a department, a site and a first admin, whose
 * password is chosen by the operator or made here and shown once. The operator may suspend a tenant
 * (its staff cannot sign in, its widgets are refused) and resume it, and limit how many agents and
 * sites it may have; whoever makes an agent or a site asks {@link #requireRoom} first.
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
  @Inject private Event<KefuEvent> events;
  @Inject private SiteCache siteCache;
  @Resource private SessionContext self;

  @Inject
  @ConfigProperty(name = "kf.tenancy", defaultValue = "single")
  private String tenancy;

  /** Whether this installation has several tenants ({@code kf.tenancy=multi}) and an operator. */
  public boolean multiTenant() {
    return "multi".equals(tenancy);
  }

  /** What a tenant's limit counts. */
  public enum Kind {
    AGENT("maxAgents", "username"),
    SITE("maxSites", "name");

    private final String limitField;
    private final String requestField;

    Kind(String limitField, String requestField) {
      this.limitField = limitField;
      this.requestField = requestField;
    }

    /** The field of a request for a new agent or site that a refusal blames. */
    public String requestField() {
      return requestField;
    }
  }

  /** The columns the operator's list may be sorted by, and what they sort. */
  private static final Map<String, String> SORTS =
      Map.of("name", "t.name", "createdAt", "t.createdAt", "suspendedAt", "t.suspendedAt");

  /** Which tenants a list shows: all, the active ones or the suspended ones. */
  public enum Status {
    ALL,
    ACTIVE,
    SUSPENDED
  }

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
    return found(by, name, adminUsername, null);
  }

  /**
   * Founds a tenant as {@link #found(Actor, String, String)} does, whose first admin's password is
   * {@code password} (8 to 200 characters), or one made here when it is {@code null}.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public Founded found(Actor by, String name, String adminUsername, char[] password) {
    if (password != null && (password.length < 8 || password.length > 200)) {
      throw new RuleViolation(
          "bad_password", "password must be 8 to 200 characters", "adminPassword");
    }
    String tenantName = name == null ? "" : name.strip();
    String username = adminUsername == null ? "" : adminUsername.strip();
    if (tenantName.isEmpty() || tenantName.length() > 200) {
      throw new RuleViolation("bad_request", "name must be 1 to 200 characters", "name");
    }
    if (username.isEmpty() || username.length() > 100) {
      throw new RuleViolation(
          "bad_request", "adminUsername must be 1 to 100 characters", "adminUsername");
    }
    // Every tenant's accounts: a user name taken in any of them cannot sign in twice.
    boolean taken =
        TenantScope.acrossTenants(
            () -> self.getBusinessObject(Tenants.class).userNameTaken(username));
    if (taken) {
      throw new RuleViolation("conflict", "that user name is taken", "adminUsername");
    }
    Tenant tenant = new Tenant(tenantName, clock.now());
    return TenantScope.call(
        tenant.id(),
        () -> self.getBusinessObject(Tenants.class).store(by, tenant, username, password));
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
  public Founded store(Actor by, Tenant tenant, String username, char[] chosen) {
    Instant now = clock.now();
    em.persist(tenant);
    Department department = new Department(tenant.id(), "Support / 客服部", now);
    em.persist(department);
    Site site = new Site(tenant.id(), "Website", department, now);
    site.changeGreeting("您好，请问有什么可以帮您？ Hello, how can we help you?");
    em.persist(site);
    String password = chosen == null ? PublicId.randomToken(12) : null;
    char[] first = chosen == null ? password.toCharArray() : chosen.clone();
    // The accounts are the agent component's: it makes the first admin in this transaction.
    TenantFounded made = new TenantFounded(tenant.id(), department.id(), username, first, now);
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

  /** The tenant with this id; {@link NotFoundException} when there is none. */
  public Tenant get(String tenantId) {
    Tenant tenant = tenantId == null ? null : em.find(Tenant.class, tenantId);
    if (tenant == null) {
      throw new NotFoundException("no such tenant");
    }
    return tenant;
  }

  /**
   * One page of the tenants whose name contains {@code nameContains} (any when blank), in the given
   * status, sorted by {@code sort} ({@code name}, {@code createdAt}, {@code suspendedAt}; else by
   * creation), each with its count of sites.
   */
  public List<Tenant> page(
      String nameContains, Status status, String sort, boolean ascending, int first, int size) {
    String order = SORTS.getOrDefault(sort == null ? "" : sort, "t.createdAt");
    TypedQuery<Tenant> query =
        em.createQuery(
            "select t from Tenant t"
                + where(nameContains, status)
                + " order by "
                + order
                + (ascending ? " asc" : " desc")
                + ", t.id",
            Tenant.class);
    bind(query, nameContains);
    return query.setFirstResult(Math.max(0, first)).setMaxResults(size).getResultList();
  }

  /** How many tenants {@link #page} pages through. */
  public long count(String nameContains, Status status) {
    TypedQuery<Long> query =
        em.createQuery("select count(t) from Tenant t" + where(nameContains, status), Long.class);
    bind(query, nameContains);
    return query.getSingleResult();
  }

  private static String where(String nameContains, Status status) {
    List<String> terms = new ArrayList<>();
    if (nameContains != null && !nameContains.isBlank()) {
      terms.add("lower(t.name) like :name escape '!'");
    }
    if (status == Status.ACTIVE) {
      terms.add("t.suspendedAt is null");
    } else if (status == Status.SUSPENDED) {
      terms.add("t.suspendedAt is not null");
    }
    return terms.isEmpty() ? "" : " where " + String.join(" and ", terms);
  }

  private static void bind(TypedQuery<?> query, String nameContains) {
    if (nameContains != null && !nameContains.isBlank()) {
      String escaped =
          nameContains
              .strip()
              .toLowerCase(Locale.ROOT)
              .replace("!", "!!")
              .replace("%", "!%")
              .replace("_", "!_");
      query.setParameter("name", "%" + escaped + "%");
    }
  }

  /**
   * How many sites each of these tenants has. Read across tenants, since the operator's own
   * requests are scoped to the operator's tenant.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public Map<String, Long> siteCounts(Collection<String> tenantIds) {
    if (tenantIds.isEmpty()) {
      return Map.of();
    }
    return TenantScope.acrossTenants(
        () -> self.getBusinessObject(Tenants.class).countSites(tenantIds));
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Map<String, Long> countSites(Collection<String> tenantIds) {
    Map<String, Long> counts = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "select s.tenantId, count(s) from Site s where s.tenantId in :ids"
                    + " group by s.tenantId",
                Object[].class)
            .setParameter("ids", tenantIds)
            .getResultList()) {
      counts.put((String) row[0], (Long) row[1]);
    }
    return counts;
  }

  /**
   * Suspends a tenant: from the commit on, its staff cannot sign in and their requests are refused,
   * and its widgets are turned away politely. The operator cannot suspend their own tenant, which
   * would lock them out. Audited as {@code tenant.suspended}.
   */
  public Tenant suspend(Actor by, String tenantId) {
    Tenant tenant = locked(tenantId);
    if (tenantId.equals(by.tenantId())) {
      throw new RuleViolation("own_tenant", "you cannot suspend your own tenant", "tenantId");
    }
    if (!tenant.suspended()) {
      tenant.suspend(clock.now());
      events.fire(new SiteChanged(tenantId, null));
      auditLog.recordChange(
          by,
          Action.TENANT_SUSPENDED,
          "tenant",
          tenant.id(),
          Jsonp.createObjectBuilder().add("suspended", false).build(),
          Jsonp.createObjectBuilder().add("suspended", true).build());
    }
    return tenant;
  }

  /** Resumes a suspended tenant; audited as {@code tenant.resumed}. */
  public Tenant resume(Actor by, String tenantId) {
    Tenant tenant = locked(tenantId);
    if (tenant.suspended()) {
      tenant.resume();
      events.fire(new SiteChanged(tenantId, null));
      auditLog.recordChange(
          by,
          Action.TENANT_RESUMED,
          "tenant",
          tenant.id(),
          Jsonp.createObjectBuilder().add("suspended", true).build(),
          Jsonp.createObjectBuilder().add("suspended", false).build());
    }
    return tenant;
  }

  /**
   * Sets the most agents and sites a tenant may have ({@code null}: no limit), 0 to {@value
   * #MAX_LIMIT}. A limit below the current count removes nothing; it refuses new ones. Audited as
   * {@code tenant.limits_changed} with before and after.
   */
  public Tenant changeLimits(Actor by, String tenantId, Integer maxAgents, Integer maxSites) {
    checkLimit(maxAgents, "maxAgents");
    checkLimit(maxSites, "maxSites");
    Tenant tenant = locked(tenantId);
    JsonObject before = limits(tenant);
    tenant.limit(maxAgents, maxSites);
    auditLog.recordChange(
        by, Action.TENANT_LIMITS_CHANGED, "tenant", tenant.id(), before, limits(tenant));
    return tenant;
  }

  /** The highest limit the operator may set; higher is as good as none. */
  public static final int MAX_LIMIT = 1_000_000;

  private static void checkLimit(Integer limit, String field) {
    if (limit != null && (limit < 0 || limit > MAX_LIMIT)) {
      throw new RuleViolation(
          "bad_limit", field + " must be empty (no limit) or 0 to " + MAX_LIMIT, field);
    }
  }

  private static JsonObject limits(Tenant tenant) {
    JsonObjectBuilder json = Jsonp.createObjectBuilder();
    tenant
        .maxAgents()
        .ifPresentOrElse(n -> json.add("maxAgents", n), () -> json.addNull("maxAgents"));
    tenant.maxSites().ifPresentOrElse(n -> json.add("maxSites", n), () -> json.addNull("maxSites"));
    return json.build();
  }

  private Tenant locked(String tenantId) {
    Tenant tenant =
        tenantId == null ? null : em.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
    if (tenant == null) {
      throw new NotFoundException("no such tenant");
    }
    return tenant;
  }

  /**
   * Refuses a new agent or site when the tenant already has {@code currentCount} of them and its
   * limit allows no more: {@link RuleViolation} {@code tenant_limit} at the request's field for the
   * name. The caller counts in the transaction that adds, after locking the tenant row (as {@code
   * Accounts.create} does), so that two requests at once cannot both pass.
   */
  public void requireRoom(String tenantId, Kind kind, long currentCount) {
    Tenant tenant = get(tenantId);
    Optional<Integer> limit = kind == Kind.AGENT ? tenant.maxAgents() : tenant.maxSites();
    if (limit.isPresent() && currentCount >= limit.get()) {
      throw new RuleViolation(
          "tenant_limit",
          "this tenant may have at most "
              + limit.get()
              + (kind == Kind.AGENT ? " agents" : " sites")
              + " ("
              + kind.limitField
              + ")",
          kind.requestField());
    }
  }

  /**
   * Refuses one more site beyond the tenant's limit ({@code tenant_limit} at the field {@code
   * name}). Locks the tenant's row and counts its sites in the caller's transaction, so the site
   * made next in that transaction is counted by any request that comes after: whoever makes a site
   * calls this first, in the transaction that stores it.
   */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void requireRoomForSite(String tenantId) {
    locked(tenantId);
    long sites =
        em.createQuery(
                "select count(s) from Site s where s.tenantId = :t and s.deletedAt is null",
                Long.class)
            .setParameter("t", tenantId)
            .getSingleResult();
    requireRoom(tenantId, Kind.SITE, sites);
  }

  /**
   * Whether the tenant is suspended: its staff may not sign in or be served, its widgets are
   * refused. A tenant that does not exist counts as suspended. For the sign-in, every request of a
   * signed-in member of staff and the visitor's {@code hello}.
   */
  public boolean isSuspended(String tenantId) {
    Tenant tenant = tenantId == null ? null : em.find(Tenant.class, tenantId);
    return tenant == null || tenant.suspended();
  }

  /**
   * Whether the tenant is suspended, as this node read it lately ({@link SiteCache}): for the
   * visitors' arrivals, where a storm of {@code hello}s asked the same of the same tenant. A
   * suspension reaches every node's arrivals at its commit, through the cluster's bus, and in any
   * case within {@code kf.sites.cache-seconds}.
   */
  public boolean isSuspendedLately(String tenantId) {
    return siteCache.isSuspended(tenantId, this::isSuspended);
  }
}
