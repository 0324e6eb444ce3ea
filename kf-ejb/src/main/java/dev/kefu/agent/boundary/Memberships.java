package dev.kefu.agent.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MembershipChanged;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.tenant.boundary.DepartmentChanged;
import dev.kefu.tenant.boundary.DepartmentRemoved;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.boundary.TenantFilter;
import dev.kefu.tenant.entity.Department;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is a member of which department: the one owner of the {@code department_member} table. An
 * agent's departments are part of the agent, so the agent component keeps them; every other
 * component asks here. Each row also records when routing last gave the member a conversation of
 * that department, which round-robin routing reads.
 */
@Stateless
public class Memberships {

  /**
   * Available: enabled, and online or in a custom status of the tenant that counts as available.
   */
  private static final String AVAILABLE =
      "(a.disabled_at IS NULL AND (a.status = 'ONLINE' OR (a.status = 'CUSTOM' AND EXISTS"
          + " (SELECT 1 FROM agent_status s WHERE s.id = a.custom_status_id"
          + " AND s.available = TRUE))))";

  /**
   * An available member of a department, as routing weighs them: capacity, skills (as stored) and
   * when they last got a conversation of this department (null: never).
   */
  public record AvailableMember(
      String agentId, String displayName, int capacity, String skills, Instant lastAssignedAt) {}

  @PersistenceContext private EntityManager em;
  @Inject private Departments departments;
  @Inject private AuditLog auditLog;
  @Inject private Event<DepartmentChanged> departmentChanged;
  @Inject private Event<KefuEvent> events;

  /** The ids of the department's members. */
  public List<String> membersOf(String departmentId) {
    @SuppressWarnings("unchecked")
    List<String> members =
        em.createNativeQuery(
                "SELECT agent_id FROM department_member WHERE department_id = ?1 ORDER BY agent_id")
            .setParameter(1, departmentId)
            .getResultList();
    return members;
  }

  /** The departments the agent is a member of. */
  public List<String> departmentsOf(String agentId) {
    @SuppressWarnings("unchecked")
    List<String> ids =
        em.createNativeQuery(
                "SELECT department_id FROM department_member WHERE agent_id = ?1"
                    + " ORDER BY department_id")
            .setParameter(1, agentId)
            .getResultList();
    return ids;
  }

  /** Whether the agent is a member of the department. */
  public boolean isMember(String agentId, String departmentId) {
    Number found =
        (Number)
            em.createNativeQuery(
                    "SELECT COUNT(*) FROM department_member"
                        + " WHERE agent_id = ?1 AND department_id = ?2")
                .setParameter(1, agentId)
                .setParameter(2, departmentId)
                .getSingleResult();
    return found.longValue() > 0;
  }

  /**
   * Who hears of what happens in a department that staff must look at (a missed conversation): its
   * members who are supervisors, and every admin of the tenant.
   */
  public List<String> overseersOf(String tenantId, String departmentId) {
    // Ids and roles only, without the tenant filter (the tenant is named): this runs for every
    // conversation assigned or closed, and loading every account of the tenant as an entity, with
    // the query planned afresh under the filter, cost more than the rest of the assignment.
    List<Object[]> staff =
        TenantFilter.bypassed(
            em,
            () ->
                em.createQuery(
                        "select a.id, a.roles from Agent a where a.tenantId = :t", Object[].class)
                    .setParameter("t", tenantId)
                    .getResultList());
    List<String> overseers = new ArrayList<>();
    List<String> members = null;
    for (Object[] row : staff) {
      Set<String> roles = Agent.parseRoles((String) row[1]);
      if (Role.covers(roles, Role.ADMIN)) {
        overseers.add((String) row[0]);
      } else if (Role.covers(roles, Role.SUPERVISOR)) {
        if (members == null) {
          members = membersOf(departmentId);
        }
        if (members.contains((String) row[0])) {
          overseers.add((String) row[0]);
        }
      }
    }
    return overseers;
  }

  /**
   * Makes exactly these agents of the tenant the department's members, under the department's row
   * lock (audited); new members may take its waiting conversations at once ({@link
   * DepartmentChanged}). An agent or department of another tenant is {@code not_found}.
   */
  public List<String> change(Actor by, String departmentId, List<String> agentIds) {
    Department department = departments.lock(departments.get(by.tenantId(), departmentId).id());
    Set<String> wanted = new LinkedHashSet<>(agentIds == null ? List.of() : agentIds);
    for (String agentId : wanted) {
      Agent agent = agentId == null ? null : em.find(Agent.class, agentId);
      if (agent == null || !agent.tenantId().equals(by.tenantId())) {
        throw new NotFoundException("no such agent");
      }
    }
    List<String> before = membersOf(department.id());
    for (String gone : before) {
      if (!wanted.contains(gone)) {
        em.createNativeQuery(
                "DELETE FROM department_member WHERE department_id = ?1 AND agent_id = ?2")
            .setParameter(1, department.id())
            .setParameter(2, gone)
            .executeUpdate();
      }
    }
    for (String added : wanted) {
      if (!before.contains(added)) {
        join(em, department.id(), added);
        events.fire(new MembershipChanged(added, List.of(department.id()), List.of()));
      }
    }
    for (String gone : before) {
      if (!wanted.contains(gone)) {
        events.fire(new MembershipChanged(gone, List.of(), List.of(department.id())));
      }
    }
    List<String> after = membersOf(department.id());
    auditLog.recordChange(
        by,
        Action.DEPARTMENT_MEMBERS,
        "department",
        department.id(),
        Jsonp.createObjectBuilder().add("members", Jsonp.createArrayBuilder(before)).build(),
        Jsonp.createObjectBuilder().add("members", Jsonp.createArrayBuilder(after)).build());
    departmentChanged.fire(new DepartmentChanged(department.id()));
    return after;
  }

  /**
   * Makes the agent a member of exactly these departments, in the caller's transaction, which has
   * checked that they are the agent's tenant's and locked them ({@link #lockDepartments}), and
   * which then tells routing that the agent may take more ({@link AgentReady}). Answers the
   * departments before the change.
   */
  public List<String> placeIn(String agentId, List<String> departmentIds) {
    List<String> before = departmentsOf(agentId);
    Set<String> wanted = new LinkedHashSet<>(departmentIds == null ? List.of() : departmentIds);
    List<String> left = new ArrayList<>();
    for (String gone : before) {
      if (!wanted.contains(gone)) {
        em.createNativeQuery(
                "DELETE FROM department_member WHERE department_id = ?1 AND agent_id = ?2")
            .setParameter(1, gone)
            .setParameter(2, agentId)
            .executeUpdate();
        left.add(gone);
      }
    }
    List<String> joined = new ArrayList<>();
    for (String added : wanted) {
      if (!before.contains(added)) {
        join(em, added, agentId);
        joined.add(added);
      }
    }
    if (!joined.isEmpty() || !left.isEmpty()) {
      events.fire(new MembershipChanged(agentId, joined, left));
    }
    return before;
  }

  /**
   * Locks these departments and those the agent is a member of, in id order: as {@link
   * #lockDepartmentsOf}, for a change that also moves the agent between departments.
   */
  public void lockDepartments(String agentId, List<String> departmentIds) {
    Set<String> all = new TreeSet<>(departmentsOf(agentId));
    all.addAll(departmentIds == null ? List.of() : departmentIds);
    all.forEach(departments::lock);
  }

  /** Makes the agent a member of the department, in the caller's transaction. */
  public void join(String departmentId, String agentId) {
    join(em, departmentId, agentId);
  }

  /** As {@link #join(String, String)}, for code that holds the entity manager itself. */
  static void join(EntityManager em, String departmentId, String agentId) {
    em.createNativeQuery("INSERT INTO department_member (department_id, agent_id) VALUES (?1, ?2)")
        .setParameter(1, departmentId)
        .setParameter(2, agentId)
        .executeUpdate();
  }

  /** A department is being removed: it has no members any more. */
  public void departmentRemoved(@Observes DepartmentRemoved removed) {
    em.createNativeQuery("DELETE FROM department_member WHERE department_id = ?1")
        .setParameter(1, removed.departmentId())
        .executeUpdate();
  }

  /**
   * Locks every department of the agent, in id order, before the caller changes the agent's row:
   * assignment locks a department and then the agent, so a change to the agent that goes on to fill
   * places from the queues must take the departments first, or the two would wait for each other.
   */
  public void lockDepartmentsOf(String agentId) {
    departmentsOf(agentId).forEach(departments::lock);
  }

  /** Whether any member of the department would be given a conversation now, were it free. */
  public boolean anyoneAvailableIn(String departmentId) {
    Number available =
        (Number)
            em.createNativeQuery(
                    "SELECT COUNT(*) FROM agent a JOIN department_member m ON m.agent_id = a.id"
                        + " WHERE m.department_id = ?1 AND "
                        + AVAILABLE)
                .setParameter(1, departmentId)
                .getSingleResult();
    return available.longValue() > 0;
  }

  /** The available members of the department, by agent id. */
  public List<AvailableMember> availableIn(String departmentId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT a.id, a.display_name, a.capacity, a.skills, m.last_assigned_at"
                    + " FROM agent a JOIN department_member m ON m.agent_id = a.id"
                    + " WHERE m.department_id = ?1 AND "
                    + AVAILABLE
                    + " ORDER BY a.id")
            .setParameter(1, departmentId)
            .getResultList();
    List<AvailableMember> members = new ArrayList<>();
    for (Object[] row : rows) {
      members.add(
          new AvailableMember(
              (String) row[0],
              (String) row[1],
              ((Number) row[2]).intValue(),
              (String) row[3],
              utc(row[4])));
    }
    return members;
  }

  /** Routing gave the member a conversation of the department at {@code now}. */
  public void assignedAt(String departmentId, String agentId, Instant now) {
    em.createNativeQuery(
            "UPDATE department_member SET last_assigned_at = ?1"
                + " WHERE department_id = ?2 AND agent_id = ?3")
        .setParameter(1, LocalDateTime.ofInstant(now, ZoneOffset.UTC))
        .setParameter(2, departmentId)
        .setParameter(3, agentId)
        .executeUpdate();
  }

  /** A stored time in UTC; drivers give it as a {@link Timestamp} or a date-time. */
  private static Instant utc(Object time) {
    if (time == null) {
      return null;
    } else if (time instanceof Timestamp t) {
      return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    } else if (time instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    } else if (time instanceof Instant t) {
      return t;
    }
    throw new IllegalArgumentException("a time, not " + time.getClass());
  }
}
