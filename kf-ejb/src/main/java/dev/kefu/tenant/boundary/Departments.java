package dev.kefu.tenant.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.entity.BusinessHours;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.RoutingStrategy;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The departments of a tenant, as admins set them up: name, routing strategy, timeouts and business
 * hours. Every change is audited with the settings before and after. Who is in a department is the
 * agent component's ({@code Memberships}).
 */
@Stateless
public class Departments {

  /** What an admin sets on a department; a null timeout is the installation's default. */
  public record Settings(
      String name,
      RoutingStrategy strategy,
      Integer offerSeconds,
      Integer agentGraceSeconds,
      Integer visitorGoneSeconds,
      BusinessHours hours) {}

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Event<DepartmentChanged> changed;
  @Inject private Event<DepartmentRemoved> removed;

  public List<Department> of(String tenantId) {
    return em.createQuery(
            "select d from Department d where d.tenantId = :t order by d.name, d.id",
            Department.class)
        .setParameter("t", tenantId)
        .getResultList();
  }

  /** The department of this tenant; any other answers as if it did not exist. */
  public Department get(String tenantId, String departmentId) {
    Department department = departmentId == null ? null : em.find(Department.class, departmentId);
    if (department == null || !department.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such department");
    }
    return department;
  }

  public Department create(Actor by, Settings settings) {
    Department department;
    try {
      department = new Department(by.tenantId(), settings.name(), clock.now());
    } catch (IllegalArgumentException refused) {
      throw new RuleViolation("bad_request", refused.getMessage());
    }
    apply(department, settings);
    em.persist(department);
    auditLog.recordChange(
        by,
        Action.DEPARTMENT_CREATE,
        "department",
        department.id(),
        JsonObject.EMPTY_JSON_OBJECT,
        json(department));
    return department;
  }

  public Department change(Actor by, String departmentId, Settings settings) {
    Department department = lock(get(by.tenantId(), departmentId).id());
    JsonObject before = json(department);
    apply(department, settings);
    auditLog.recordChange(
        by, Action.DEPARTMENT_UPDATE, "department", department.id(), before, json(department));
    em.flush();
    // Another strategy or longer hours may let waiting visitors through now.
    changed.fire(new DepartmentChanged(department.id()));
    return department;
  }

  /**
   * Removes a department that nothing refers to any more: no site's default, no rule, no
   * conversation. Otherwise {@code conflict}.
   */
  public void remove(Actor by, String departmentId) {
    Department department = get(by.tenantId(), departmentId);
    for (String table :
        List.of(
            "site WHERE default_department_id",
            "routing_rule WHERE department_id",
            "conversation WHERE department_id")) {
      Number uses =
          (Number)
              em.createNativeQuery("SELECT COUNT(*) FROM " + table + " = ?1")
                  .setParameter(1, departmentId)
                  .getSingleResult();
      if (uses.longValue() > 0) {
        throw new RuleViolation(
            "conflict", "the department is in use by sites, rules or conversations");
      }
    }
    JsonObject before = json(department);
    removed.fire(new DepartmentRemoved(departmentId));
    em.remove(department);
    auditLog.recordChange(
        by,
        Action.DEPARTMENT_DELETE,
        "department",
        departmentId,
        before,
        JsonObject.EMPTY_JSON_OBJECT);
  }

  /**
   * Takes the department's row lock for the rest of the transaction and answers the department.
   * Whoever also locks a conversation of the department, or an agent, takes this lock first.
   */
  public Department lock(String departmentId) {
    return em.find(Department.class, departmentId, LockModeType.PESSIMISTIC_WRITE);
  }

  private static void apply(Department department, Settings settings) {
    try {
      department.rename(settings.name());
      department.routeBy(
          settings.strategy() == null ? RoutingStrategy.LEAST_BUSY : settings.strategy());
      department.changeOfferTimeout(settings.offerSeconds());
      department.changeAgentGrace(settings.agentGraceSeconds());
      department.changeVisitorGone(settings.visitorGoneSeconds());
      department.changeBusinessHours(
          settings.hours() == null ? BusinessHours.ALWAYS : settings.hours());
    } catch (IllegalArgumentException refused) {
      throw new RuleViolation("bad_request", refused.getMessage());
    }
  }

  /** What the audit log shows of a department's settings. */
  private static JsonObject json(Department department) {
    BusinessHours hours = department.businessHours();
    JsonObjectBuilder json =
        Jsonp.createObjectBuilder()
            .add("name", department.name())
            .add("strategy", department.strategy().wire())
            .add("timeZone", hours.zone().getId());
    addNullable(json, "offerSeconds", department.offerSeconds().orElse(null));
    addNullable(json, "agentGraceSeconds", department.agentGraceSeconds().orElse(null));
    addNullable(json, "visitorGoneSeconds", department.visitorGoneSeconds().orElse(null));
    json.add("hours", hours.weeklyText() == null ? "" : hours.weeklyText());
    json.add("holidays", Jsonp.createArrayBuilder(new ArrayList<>(hours.holidayList())));
    return json.build();
  }

  private static void addNullable(JsonObjectBuilder json, String name, Integer value) {
    if (value == null) {
      json.addNull(name);
    } else {
      json.add(name, value);
    }
  }
}
