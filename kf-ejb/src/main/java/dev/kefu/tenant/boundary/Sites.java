package dev.kefu.tenant.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.SiteChanged;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.control.SiteCache;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import dev.kefu.tenant.entity.WidgetSettings;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The sites of a tenant: found by their public key, listed and edited by admins. */
@Stateless
public class Sites {

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Tenants tenants;
  @Inject private SiteCache cache;
  @Inject private Event<KefuEvent> events;

  /**
   * The enabled site with this public key, if any: what this node read of it within the last few
   * seconds ({@link SiteCache}), forgotten at once when a site changes. Asked by every visitor's
   * handshake, where it is the only statement: it joins a transaction the caller has, and runs
   * without one otherwise (a read needs none).
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<Site> enabledByKey(String siteKey) {
    if (siteKey == null || siteKey.isBlank() || siteKey.length() > 64) {
      return Optional.empty();
    }
    return Optional.ofNullable(
            cache.byKey(
                siteKey,
                key ->
                    detached(
                        em
                            .createQuery("select s from Site s where s.siteKey = :key", Site.class)
                            .setParameter("key", key)
                            .getResultList()
                            .stream()
                            .filter(Site::enabled)
                            .findFirst()
                            .orElse(null))))
        .filter(site -> TenantFilter.isCurrent(site.tenantId()));
  }

  /**
   * The site with this id, if it exists and is enabled. Like {@link #enabledByKey}, it may answer
   * with what this node read a few seconds ago ({@link SiteCache}): a site for a visitor's arrival
   * to read, not to change.
   */
  public Optional<Site> enabledById(String siteId) {
    if (siteId == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
            cache.byId(
                siteId,
                id -> {
                  // Without the tenant filter Hibernate builds this load once; the tenant is
                  // checked below, whatever scope read the site first.
                  Site site = TenantFilter.bypassed(em, () -> em.find(Site.class, id));
                  return site != null && site.enabled() ? detached(site) : null;
                }))
        .filter(site -> TenantFilter.isCurrent(site.tenantId()));
  }

  /** A site read to be kept, apart from the caller's transaction. */
  private Site detached(Site site) {
    if (site != null && em.contains(site)) {
      em.detach(site);
    }
    return site;
  }

  /** The site the built-in demo page shows: the oldest enabled one. */
  public Optional<Site> demoSite() {
    return em.createQuery(
            "select s from Site s where s.enabled = true order by s.createdAt", Site.class)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /** The tenant's sites, by name; not the deleted ones. */
  public List<Site> of(String tenantId) {
    return em.createQuery(
            "select s from Site s where s.tenantId = :t and s.deletedAt is null order by s.name",
            Site.class)
        .setParameter("t", tenantId)
        .getResultList();
  }

  /**
   * The tenant's site with this id; {@link NotFoundException} when there is none or it is deleted.
   */
  public Site get(String tenantId, String siteId) {
    Site site = siteId == null ? null : em.find(Site.class, siteId);
    if (site == null || !site.tenantId().equals(tenantId) || site.deleted()) {
      throw new NotFoundException("no such site");
    }
    return site;
  }

  /**
   * Everything an admin sets of a site in one go: its name, the department visitors reach when no
   * rule says more, the default greeting, the origins allowed to embed the widget, whether visitors
   * must prove their identity, and the widget's settings (with its texts per language).
   */
  public record Settings(
      String name,
      String defaultDepartmentId,
      String greeting,
      List<String> allowedOrigins,
      boolean identityRequired,
      WidgetSettings widget) {}

  /**
   * Makes a site of the admin's tenant, in one transaction: refused whole, with the field to blame,
   * when any setting is; a name that another site of the tenant has is {@code conflict}; one site
   * more than the tenant's limit is {@code tenant_limit}. Audited as {@code site.create} with the
   * settings (never the secret).
   */
  public Site create(Actor by, Settings settings) {
    tenants.requireRoomForSite(by.tenantId());
    Department department = departmentOf(by.tenantId(), settings.defaultDepartmentId());
    Site site = new Site(by.tenantId(), settings.name(), department, clock.now());
    refuseTakenName(by.tenantId(), site.name(), null);
    apply(by.tenantId(), site, settings);
    em.persist(site);
    auditLog.recordChange(
        by, Action.SITE_CREATE, "site", site.id(), JsonObject.EMPTY_JSON_OBJECT, audited(site));
    changed(site);
    return site;
  }

  /**
   * Changes all of a site's settings at once, in one transaction: either every setting is saved or,
   * when one is refused (with the field to blame), none. A site keeps the name it has even where an
   * older site shares it; a new name must be none of the tenant's other sites'. Audited as {@code
   * site.update} with the fields that changed, before and after.
   */
  public Site change(Actor by, String siteId, Settings settings) {
    Site site = get(by.tenantId(), siteId);
    JsonObject before = audited(site);
    String name = settings.name() == null ? "" : settings.name().strip();
    if (!name.equals(site.name())) {
      site.rename(name);
      refuseTakenName(by.tenantId(), site.name(), site.id());
    }
    if (!site.defaultDepartmentId().equals(settings.defaultDepartmentId())) {
      site.routeByDefaultTo(departmentOf(by.tenantId(), settings.defaultDepartmentId()));
    }
    apply(by.tenantId(), site, settings);
    auditLog.recordChange(by, Action.SITE_UPDATE, "site", site.id(), before, audited(site));
    changed(site);
    return site;
  }

  /**
   * Deletes a site of the admin's tenant: from now on its widget is refused, and no list shows it;
   * its conversations, visitors and left messages keep their history. Refused with {@code conflict}
   * while a conversation of the site is open (waiting or being served), since closing someone's
   * chat is the agents' business. Audited as {@code site.delete}.
   */
  public void delete(Actor by, String siteId) {
    Site site = get(by.tenantId(), siteId);
    Number open =
        (Number)
            em.createNativeQuery(
                    "SELECT COUNT(*) FROM conversation WHERE site_id = ?1"
                        + " AND state IN ('QUEUED', 'ASSIGNED')")
                .setParameter(1, site.id())
                .getSingleResult();
    if (open.longValue() > 0) {
      throw new RuleViolation(
          "conflict", "the site has " + open + " open conversations; close them first");
    }
    JsonObject before = audited(site);
    site.delete(clock.now());
    auditLog.recordChange(
        by, Action.SITE_DELETE, "site", site.id(), before, JsonObject.EMPTY_JSON_OBJECT);
    changed(site);
  }

  /**
   * Tells every node, after the commit, that the site changed: what they kept of sites is forgotten
   * ({@link SiteCache}).
   */
  private void changed(Site site) {
    events.fire(new SiteChanged(site.tenantId(), site.id()));
  }

  /** The columns the sites table may be sorted by, and their JPQL paths. */
  private static final Map<String, String> SORTABLE =
      Map.of("name", "s.name", "siteKey", "s.siteKey", "createdAt", "s.createdAt");

  /**
   * One page of the tenant's sites (not the deleted ones) whose name contains {@code filter} or
   * whose key is it (any when blank), sorted by {@code sortField} (name, siteKey or createdAt; name
   * otherwise), then the newest first.
   */
  public List<Site> page(
      String tenantId, String filter, String sortField, boolean ascending, int first, int max) {
    String order = SORTABLE.getOrDefault(sortField, "s.name") + (ascending ? " asc" : " desc");
    return filtered(
            "select s from Site s",
            filter,
            " order by " + order + ", s.createdAt desc",
            tenantId,
            Site.class)
        .setFirstResult(Math.max(0, first))
        .setMaxResults(Math.max(1, Math.min(max, 200)))
        .getResultList();
  }

  /** How many sites {@link #page} pages through. */
  public long count(String tenantId, String filter) {
    return filtered("select count(s) from Site s", filter, "", tenantId, Long.class)
        .getSingleResult();
  }

  private <T> jakarta.persistence.TypedQuery<T> filtered(
      String select, String filter, String orderBy, String tenantId, Class<T> type) {
    boolean filtering = filter != null && !filter.isBlank();
    var query =
        em.createQuery(
                select
                    + " where s.tenantId = :t and s.deletedAt is null"
                    + (filtering ? " and (lower(s.name) like :f escape '!' or s.siteKey = :k)" : "")
                    + orderBy,
                type)
            .setParameter("t", tenantId);
    if (filtering) {
      String text = filter.strip();
      query
          .setParameter(
              "f",
              "%"
                  + text.toLowerCase(Locale.ROOT)
                      .replace("!", "!!")
                      .replace("%", "!%")
                      .replace("_", "!_")
                  + "%")
          .setParameter("k", text);
    }
    return query;
  }

  private void apply(String tenantId, Site site, Settings settings) {
    WidgetSettings widget =
        settings.widget() == null ? WidgetSettings.defaults() : settings.widget();
    checkDepartments(tenantId, widget);
    site.changeGreeting(settings.greeting());
    site.allowOrigins(settings.allowedOrigins() == null ? List.of() : settings.allowedOrigins());
    site.requireIdentity(settings.identityRequired());
    site.changeWidgetSettings(widget);
  }

  private void refuseTakenName(String tenantId, String name, String exceptSiteId) {
    long taken =
        em.createQuery(
                "select count(s) from Site s where s.tenantId = :t and s.deletedAt is null"
                    + " and lower(s.name) = :n and s.id <> :id",
                Long.class)
            .setParameter("t", tenantId)
            .setParameter("n", name.toLowerCase(Locale.ROOT))
            .setParameter("id", exceptSiteId == null ? "" : exceptSiteId)
            .getSingleResult();
    if (taken > 0) {
      throw new RuleViolation("conflict", "another site is called " + name, "name");
    }
  }

  private Department departmentOf(String tenantId, String departmentId) {
    Department department = departmentId == null ? null : em.find(Department.class, departmentId);
    if (department == null || !department.tenantId().equals(tenantId)) {
      throw new RuleViolation(
          "department_unknown", "no such department: " + departmentId, "defaultDepartmentId");
    }
    return department;
  }

  private void checkDepartments(String tenantId, WidgetSettings settings) {
    for (String departmentId : settings.departmentIds()) {
      Department department = em.find(Department.class, departmentId);
      if (department == null || !department.tenantId().equals(tenantId)) {
        throw new RuleViolation(
            "department_unknown", "no such department: " + departmentId, "prechat.departmentIds");
      }
    }
  }

  /**
   * Replaces the site's widget settings (and its greeting, when given) on behalf of an admin of its
   * tenant; the departments offered in the pre-chat form must be the tenant's. Audited with the
   * settings before and after.
   */
  public Site updateWidgetSettings(
      Actor by, String siteId, String greeting, WidgetSettings settings) {
    Site site = get(by.tenantId(), siteId);
    checkDepartments(by.tenantId(), settings);
    JsonObject before = site.widgetSettings().toJson();
    String greetingBefore = site.greeting();
    if (greeting != null) {
      site.changeGreeting(greeting);
    }
    site.changeWidgetSettings(settings);
    auditLog.recordChange(
        by,
        Action.SITE_UPDATE,
        "site",
        site.id(),
        Jsonp.createObjectBuilder(before).add("greeting", greetingBefore).build(),
        Jsonp.createObjectBuilder(site.widgetSettings().toJson())
            .add("greeting", site.greeting())
            .build());
    changed(site);
    return site;
  }

  /**
   * The widget settings as the widget of a visitor in this locale receives them: the texts in the
   * visitor's language where the site has them ({@link WidgetSettings#toJsonFor}), no department
   * ids alone, but the departments offered in the pre-chat form with their names, in the order the
   * admin chose.
   */
  public JsonObject forWidget(Site site, String locale) {
    WidgetSettings settings = site.widgetSettings();
    JsonObject json = settings.toJsonFor(locale);
    JsonArrayBuilder departments = Jsonp.createArrayBuilder();
    for (String departmentId : settings.departmentIds()) {
      Department department = em.find(Department.class, departmentId);
      if (department != null && department.tenantId().equals(site.tenantId())) {
        departments.add(
            Jsonp.createObjectBuilder().add("id", department.id()).add("name", department.name()));
      }
    }
    JsonObjectBuilder prechat = Jsonp.createObjectBuilder(json.getJsonObject("prechat"));
    prechat.remove("departmentIds");
    prechat.add("departments", departments);
    return Jsonp.createObjectBuilder(json).add("prechat", prechat).build();
  }

  /** The departments of the tenant, by name, for the admin to offer in the pre-chat form. */
  public List<Department> departmentsOf(String tenantId) {
    return em.createQuery(
            "select d from Department d where d.tenantId = :t order by d.name", Department.class)
        .setParameter("t", tenantId)
        .getResultList();
  }

  /**
   * Gives the site a new identity-verification secret and answers it, for the admin to copy into
   * the site's back end: the only time it leaves the server. Audited without the secret.
   */
  public String renewSecret(Actor by, String siteId) {
    Site site = get(by.tenantId(), siteId);
    site.renewSecret();
    auditLog.record(by, Action.SITE_SECRET_RENEWED, "site", site.id(), null);
    changed(site);
    return site.secret();
  }

  /** What the audit log shows of a site: never its secret. */
  private static JsonObject audited(Site site) {
    return Jsonp.createObjectBuilder()
        .add("name", site.name())
        .add("defaultDepartmentId", site.defaultDepartmentId())
        .add("greeting", site.greeting())
        .add("allowedOrigins", Jsonp.createArrayBuilder(site.allowedOrigins()))
        .add("identityRequired", site.identityRequired())
        .add("widget", site.widgetSettings().toJson())
        .build();
  }
}
