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
import dev.kefu.tenant.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /**
   * What refers to a department: sites whose default it is, routing rules that send to it, its
   * conversations (open or past), its left messages and its canned replies. A department is empty,
   * and may be removed, when all are zero; its members are let go with it (the agents stay).
   */
  public record Uses(
      long sites, long rules, long conversations, long offlineMessages, long cannedReplies) {

    public boolean none() {
      return sites + rules + conversations + offlineMessages + cannedReplies == 0;
    }
  }

  /**
   * What the back office asks of a tenant's departments: a piece of the name (any letter case; null
   * for all) and the order ({@code name} or {@code createdAt}).
   */
  public record Query(String name, String sortBy, boolean descending) {}

  private static final Map<String, String> SORTABLE =
      Map.of("name", "d.name", "createdAt", "d.createdAt", "strategy", "d.strategy");

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

  /** One page of the tenant's departments, filtered and ordered in the database. */
  public List<Department> pageOf(String tenantId, Query query, int first, int max) {
    String order =
        query.sortBy() == null ? "d.name" : SORTABLE.getOrDefault(query.sortBy(), "d.name");
    TypedQuery<Department> page =
        em.createQuery(
            "select d from Department d"
                + where(query)
                + " order by "
                + order
                + (query.descending() ? " desc" : " asc")
                + ", d.id",
            Department.class);
    bind(page, tenantId, query);
    return page.setFirstResult(Math.max(0, first)).setMaxResults(Math.max(1, max)).getResultList();
  }

  /** How many departments {@link #pageOf} has in all for the query. */
  public long countOf(String tenantId, Query query) {
    TypedQuery<Long> count =
        em.createQuery("select count(d) from Department d" + where(query), Long.class);
    bind(count, tenantId, query);
    return count.getSingleResult();
  }

  private static String where(Query query) {
    return query.name() == null || query.name().isBlank()
        ? " where d.tenantId = :t"
        : " where d.tenantId = :t and lower(d.name) like :n escape '!'";
  }

  private static void bind(TypedQuery<?> query, String tenantId, Query asked) {
    query.setParameter("t", tenantId);
    if (asked.name() != null && !asked.name().isBlank()) {
      String escaped =
          asked
              .name()
              .strip()
              .toLowerCase(Locale.ROOT)
              .replace("!", "!!")
              .replace("%", "!%")
              .replace("_", "!_");
      query.setParameter("n", "%" + escaped + "%");
    }
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
    requireFreeName(by.tenantId(), settings.name(), null);
    Department department;
    try {
      department = new Department(by.tenantId(), settings.name(), clock.now());
    } catch (IllegalArgumentException refused) {
      throw new RuleViolation("bad_request", refused.getMessage(), "name");
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
    Department department = locked(by.tenantId(), departmentId);
    requireFreeName(by.tenantId(), settings.name(), department.id());
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
   * Removes a department that is empty ({@link Uses#none()}); its members are let go with it.
   * Otherwise {@code conflict}, on the field {@code department}: its past conversations keep
   * referring to it, so a department that ever had one stays.
   */
  public void remove(Actor by, String departmentId) {
    Department department = locked(by.tenantId(), departmentId);
    if (!usesOf(by.tenantId(), departmentId).none()) {
      throw new RuleViolation(
          "conflict",
          "the department is in use by sites, rules, conversations, left messages or canned"
              + " replies",
          "department");
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

  /** What refers to the department of this tenant (see {@link Uses}). */
  public Uses usesOf(String tenantId, String departmentId) {
    String id = get(tenantId, departmentId).id();
    return new Uses(
        count("site WHERE default_department_id", id),
        count("routing_rule WHERE department_id", id),
        count("conversation WHERE department_id", id),
        count("offline_message WHERE department_id", id),
        count("canned_reply WHERE department_id", id));
  }

  private long count(String tableAndColumn, String departmentId) {
    return ((Number)
            em.createNativeQuery("SELECT COUNT(*) FROM " + tableAndColumn + " = ?1")
                .setParameter(1, departmentId)
                .getSingleResult())
        .longValue();
  }

  /**
   * Builds business hours from what a form holds, refusing at the field to blame: {@code timeZone}
   * for a zone that is none, {@code hours.<row>} for a row that does not close after it opens (or
   * lacks a day or time). Rows are numbered from 0 in the order given.
   */
  public static BusinessHours hours(
      String timeZone, List<BusinessHours.Opening> openings, List<LocalDate> holidays) {
    ZoneId zone;
    try {
      zone =
          timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone.strip());
    } catch (DateTimeException unknown) {
      throw new RuleViolation("time_zone_unknown", "unknown time zone " + timeZone, "timeZone");
    }
    List<BusinessHours.Opening> rows = openings == null ? List.of() : openings;
    for (int i = 0; i < rows.size(); i++) {
      BusinessHours.Opening row = rows.get(i);
      if (row == null || row.day() == null || row.opens() == null) {
        throw new RuleViolation("hours_incomplete", "a row needs a day and a time", "hours." + i);
      }
      if (row.closes() != null && !row.closes().isAfter(row.opens())) {
        throw new RuleViolation(
            "hours_range",
            "a span closes after it opens: " + row.opens() + "-" + row.closes(),
            "hours." + i);
      }
    }
    if (holidays != null && holidays.size() > 366) {
      throw new RuleViolation("holidays_too_many", "at most 366 holidays", "holidays");
    }
    BusinessHours hours = BusinessHours.of(zone, rows, holidays);
    String weekly = hours.weeklyText();
    if (weekly != null && weekly.length() > 1000) {
      throw new RuleViolation("hours_too_many", "too many weekly spans", "hours");
    }
    return hours;
  }

  private void requireFreeName(String tenantId, String name, String self) {
    if (name == null || name.isBlank()) {
      return; // the entity refuses it, with its reason
    }
    // Names of a tenant are given one at a time, on any node (see CustomStatuses).
    em.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
    boolean taken =
        em.createQuery(
                "select d.id from Department d where d.tenantId = :t and lower(d.name) = :n",
                String.class)
            .setParameter("t", tenantId)
            .setParameter("n", name.strip().toLowerCase(Locale.ROOT))
            .getResultStream()
            .anyMatch(found -> !found.equals(self));
    if (taken) {
      throw new RuleViolation("conflict", "a department of this name exists", "name");
    }
  }

  /**
   * Takes the department's row lock for the rest of the transaction and answers the department.
   * Whoever also locks a conversation of the department, or an agent, takes this lock first.
   */
  public Department lock(String departmentId) {
    // Taken by every arrival: without the tenant filter Hibernate builds this locking load once; a
    // department of another tenant is not answered (null), as one that does not exist.
    return TenantFilter.find(
            em,
            Department.class,
            departmentId,
            LockModeType.PESSIMISTIC_WRITE,
            Department::tenantId)
        .orElse(null);
  }

  /**
   * The tenant's department, read under its row lock from the start: of two removals (or a change
   * and a removal) at once, the second then finds it gone ({@code not_found}) instead of locking a
   * row deleted under it (a 500).
   */
  private Department locked(String tenantId, String departmentId) {
    Department department = departmentId == null ? null : lock(departmentId);
    if (department == null || !department.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such department");
    }
    return department;
  }

  private static void apply(Department department, Settings settings) {
    at("name", () -> department.rename(settings.name()));
    at(
        "strategy",
        () ->
            department.routeBy(
                settings.strategy() == null ? RoutingStrategy.LEAST_BUSY : settings.strategy()));
    at("offerSeconds", () -> department.changeOfferTimeout(settings.offerSeconds()));
    at("agentGraceSeconds", () -> department.changeAgentGrace(settings.agentGraceSeconds()));
    at("visitorGoneSeconds", () -> department.changeVisitorGone(settings.visitorGoneSeconds()));
    at(
        "hours",
        () ->
            department.changeBusinessHours(
                settings.hours() == null ? BusinessHours.ALWAYS : settings.hours()));
  }

  /** Runs one change of the entity; its refusal becomes the business's, blaming that field. */
  private static void at(String field, Runnable change) {
    try {
      change.run();
    } catch (IllegalArgumentException refused) {
      throw new RuleViolation("bad_request", refused.getMessage(), field);
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
