package dev.kefu.tenant.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import dev.kefu.tenant.entity.WidgetSettings;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** The sites of a tenant: found by their public key, listed and edited by admins. */
@Stateless
public class Sites {

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;

  /** The enabled site with this public key, if any. */
  public Optional<Site> enabledByKey(String siteKey) {
    if (siteKey == null || siteKey.isBlank() || siteKey.length() > 64) {
      return Optional.empty();
    }
    return em.createQuery("select s from Site s where s.siteKey = :key", Site.class)
        .setParameter("key", siteKey)
        .getResultStream()
        .filter(Site::enabled)
        .findFirst();
  }

  /** The site with this id, if it exists and is enabled. */
  public Optional<Site> enabledById(String siteId) {
    if (siteId == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(Site.class, siteId)).filter(Site::enabled);
  }

  /** The site the built-in demo page shows: the oldest enabled one. */
  public Optional<Site> demoSite() {
    return em.createQuery(
            "select s from Site s where s.enabled = true order by s.createdAt", Site.class)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  public List<Site> of(String tenantId) {
    return em.createQuery("select s from Site s where s.tenantId = :t order by s.name", Site.class)
        .setParameter("t", tenantId)
        .getResultList();
  }

  public Site get(String tenantId, String siteId) {
    Site site = em.find(Site.class, siteId);
    if (site == null || !site.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such site");
    }
    return site;
  }

  /**
   * Changes what visitors are greeted with, which origins may embed the widget and whether visitors
   * must prove their identity, on behalf of an admin of the site's tenant; audited with the
   * settings before and after.
   */
  public Site updateWidget(
      Actor by, String siteId, String greeting, List<String> origins, boolean identityRequired) {
    Site site = get(by.tenantId(), siteId);
    JsonObject before = widgetSettings(site);
    site.changeGreeting(greeting);
    site.allowOrigins(origins);
    site.requireIdentity(identityRequired);
    auditLog.recordChange(by, Action.SITE_UPDATE, "site", site.id(), before, widgetSettings(site));
    return site;
  }

  /**
   * Replaces the site's widget settings (and its greeting, when given) on behalf of an admin of its
   * tenant; the departments offered in the pre-chat form must be the tenant's. Audited with the
   * settings before and after.
   */
  public Site updateWidgetSettings(
      Actor by, String siteId, String greeting, WidgetSettings settings) {
    Site site = get(by.tenantId(), siteId);
    for (String departmentId : settings.departmentIds()) {
      Department department = em.find(Department.class, departmentId);
      if (department == null || !department.tenantId().equals(by.tenantId())) {
        throw new RuleViolation("department_unknown", "no such department: " + departmentId);
      }
    }
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
    return site;
  }

  /**
   * The widget settings as the widget receives them: no department ids alone, but the departments
   * offered in the pre-chat form with their names, in the order the admin chose.
   */
  public JsonObject forWidget(Site site) {
    WidgetSettings settings = site.widgetSettings();
    JsonObject json = settings.toJson();
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
    return site.secret();
  }

  /** What the audit log shows of a site's widget settings: never its secret. */
  private static JsonObject widgetSettings(Site site) {
    return Jsonp.createObjectBuilder()
        .add("greeting", site.greeting())
        .add("allowedOrigins", Jsonp.createArrayBuilder(site.allowedOrigins()))
        .add("identityRequired", site.identityRequired())
        .build();
  }
}
