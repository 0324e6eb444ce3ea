package dev.kefu.canned.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.canned.entity.CannedReply;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Canned replies as a member of staff sees and keeps them: their own personal ones, the shared ones
 * of their tenant and those of their departments. Anyone keeps their own; shared ones (the tenant's
 * or a department's) are kept by supervisors and admins (others are refused with {@code
 * forbidden}). Another agent's personal reply, or another tenant's, answers as one that does not
 * exist. Every change is audited with the reply before and after, in the transaction of the change.
 */
@Stateless
public class CannedReplies {

  /** How many replies one scope (a person, or the tenant's shared set) may hold. */
  static final int MAX_PER_SCOPE = 500;

  /** The columns the back office's list may be sorted by, as the list names them. */
  private static final Map<String, String> SORTABLE =
      Map.of("shortcut", "r.shortcut", "updatedAt", "r.updatedAt", "text", "r.body");

  /**
   * What the back office asks of the tenant's shared replies: a piece of the shortcut or text (any
   * letter case; null for all), the scope ({@code shared} for the tenant's, a department's id for
   * that department's, null for both), and the order ({@code shortcut}, {@code updatedAt} or {@code
   * text}).
   */
  public record Query(String text, String scope, String sortBy, boolean descending) {}

  @PersistenceContext private EntityManager em;
  @Inject private Memberships memberships;
  @Inject private Departments departments;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;

  /**
   * The caller's personal replies, then those of their departments, then the tenant's shared ones,
   * each by shortcut.
   */
  public List<CannedReply> visibleTo(Agent agent) {
    List<String> own = memberships.departmentsOf(agent.id());
    return em.createQuery(
            "select r from CannedReply r where r.tenantId = :t"
                + " and (r.ownerId = :a or (r.ownerId is null and r.departmentId is null)"
                + " or r.departmentId in :d)"
                + " order by case when r.ownerId is not null then 0"
                + " when r.departmentId is not null then 1 else 2 end, r.shortcut",
            CannedReply.class)
        .setParameter("t", agent.tenantId())
        .setParameter("a", agent.id())
        .setParameter("d", own.isEmpty() ? List.of("-") : own)
        .getResultList();
  }

  /** One page of the tenant's shared and department replies (never anyone's personal ones). */
  public List<CannedReply> sharedOf(String tenantId, Query query, int first, int max) {
    String order =
        query.sortBy() == null ? "r.shortcut" : SORTABLE.getOrDefault(query.sortBy(), "r.shortcut");
    TypedQuery<CannedReply> page =
        em.createQuery(
            "select r from CannedReply r"
                + where(query)
                + " order by "
                + order
                + (query.descending() ? " desc" : " asc")
                + ", r.id",
            CannedReply.class);
    bind(page, tenantId, query);
    return page.setFirstResult(Math.max(0, first)).setMaxResults(Math.max(1, max)).getResultList();
  }

  /** How many replies {@link #sharedOf} has in all for the query. */
  public long countSharedOf(String tenantId, Query query) {
    TypedQuery<Long> count =
        em.createQuery("select count(r) from CannedReply r" + where(query), Long.class);
    bind(count, tenantId, query);
    return count.getSingleResult();
  }

  private static String where(Query query) {
    StringBuilder where = new StringBuilder(" where r.tenantId = :t and r.ownerId is null");
    if (query.scope() != null && !query.scope().isBlank()) {
      where.append(" and r.scopeKey = :s");
    }
    if (query.text() != null && !query.text().isBlank()) {
      where.append(
          " and (lower(r.shortcut) like :q escape '!' or lower(r.body) like :q escape '!')");
    }
    return where.toString();
  }

  private static void bind(TypedQuery<?> query, String tenantId, Query asked) {
    query.setParameter("t", tenantId);
    if (asked.scope() != null && !asked.scope().isBlank()) {
      query.setParameter("s", asked.scope());
    }
    if (asked.text() != null && !asked.text().isBlank()) {
      String escaped =
          asked
              .text()
              .strip()
              .toLowerCase(Locale.ROOT)
              .replace("!", "!!")
              .replace("%", "!%")
              .replace("_", "!_");
      query.setParameter("q", "%" + escaped + "%");
    }
  }

  /**
   * A new reply shared by the tenant ({@code departmentId} null) or by one of its departments, for
   * a supervisor or admin.
   */
  public CannedReply createShared(Actor by, String departmentId, String shortcut, String text) {
    if (departmentId == null) {
      return create(by, true, shortcut, text);
    }
    Agent agent = agentOf(by);
    requireKeeperOfShared(agent);
    String department = departments.get(agent.tenantId(), departmentId).id();
    requireRoom(agent.tenantId(), department);
    requireFreeShortcut(agent.tenantId(), department, CannedReply.checkedShortcut(shortcut), null);
    CannedReply reply =
        CannedReply.ofDepartment(agent.tenantId(), department, shortcut, text, clock.now());
    em.persist(reply);
    auditLog.recordChange(
        by,
        Action.CANNED_REPLY_CREATE,
        "canned_reply",
        reply.id(),
        JsonValue.EMPTY_JSON_OBJECT,
        json(reply));
    return reply;
  }

  private void requireRoom(String tenantId, String scope) {
    Number count =
        em.createQuery(
                "select count(r) from CannedReply r where r.tenantId = :t and r.scopeKey = :s",
                Number.class)
            .setParameter("t", tenantId)
            .setParameter("s", scope)
            .getSingleResult();
    if (count.intValue() >= MAX_PER_SCOPE) {
      throw new RuleViolation("bad_request", "at most " + MAX_PER_SCOPE + " replies");
    }
  }

  /** A new personal reply of the caller, or a shared one ({@code shared}) for a supervisor. */
  public CannedReply create(Actor by, boolean shared, String shortcut, String text) {
    Agent agent = agentOf(by);
    if (shared) {
      requireKeeperOfShared(agent);
    }
    String owner = shared ? null : agent.id();
    String scope = shared ? CannedReply.SHARED : agent.id();
    requireRoom(agent.tenantId(), scope);
    requireFreeShortcut(agent.tenantId(), scope, CannedReply.checkedShortcut(shortcut), null);
    CannedReply reply = new CannedReply(agent.tenantId(), owner, shortcut, text, clock.now());
    em.persist(reply);
    auditLog.recordChange(
        by,
        Action.CANNED_REPLY_CREATE,
        "canned_reply",
        reply.id(),
        JsonValue.EMPTY_JSON_OBJECT,
        json(reply));
    return reply;
  }

  public CannedReply change(Actor by, String id, String shortcut, String text) {
    CannedReply reply = lockedKeptBy(by, id);
    requireFreeShortcut(
        reply.tenantId(), reply.scopeKey(), CannedReply.checkedShortcut(shortcut), reply.id());
    JsonObject before = json(reply);
    reply.change(shortcut, text, clock.now());
    auditLog.recordChange(
        by, Action.CANNED_REPLY_UPDATE, "canned_reply", reply.id(), before, json(reply));
    return reply;
  }

  public void delete(Actor by, String id) {
    CannedReply reply = lockedKeptBy(by, id);
    em.remove(reply);
    auditLog.recordChange(
        by,
        Action.CANNED_REPLY_DELETE,
        "canned_reply",
        reply.id(),
        json(reply),
        JsonValue.EMPTY_JSON_OBJECT);
  }

  /**
   * A reply the caller may see: their own, a shared one of their tenant, or one of a department of
   * theirs (of any department, for an admin).
   */
  public CannedReply get(Agent agent, String id) {
    CannedReply reply = id == null ? null : em.find(CannedReply.class, id);
    if (reply == null
        || !reply.tenantId().equals(agent.tenantId())
        || !(reply.isShared() || reply.ownerId().equals(agent.id()))
        || (reply.departmentId() != null
            && !Role.covers(agent.roles(), Role.ADMIN)
            && !memberships.isMember(agent.id(), reply.departmentId()))) {
      throw new NotFoundException("no such canned reply");
    }
    return reply;
  }

  /** A reply the caller may change: their own, or a shared one for a supervisor or admin. */
  public CannedReply keptBy(Agent agent, String id) {
    CannedReply reply = get(agent, id);
    if (reply.isShared()) {
      requireKeeperOfShared(agent);
    }
    return reply;
  }

  /**
   * {@link #keptBy}, with the reply's row locked before it is read: of two changes or removals of
   * one reply at once, the second waits for the first and then finds the reply as it left it, or
   * gone (404), instead of writing a row that is no longer there (a 500).
   */
  private CannedReply lockedKeptBy(Actor by, String id) {
    if (id != null) {
      em.find(CannedReply.class, id, LockModeType.PESSIMISTIC_WRITE);
    }
    return keptBy(agentOf(by), id);
  }

  /** The member of staff acting; the edge has checked that they are one. */
  private Agent agentOf(Actor by) {
    Agent agent = em.find(Agent.class, by.name());
    if (agent == null || !agent.tenantId().equals(by.tenantId())) {
      throw new NotFoundException("no such agent");
    }
    return agent;
  }

  /** What the audit log keeps of a reply. */
  private static JsonObject json(CannedReply reply) {
    return Jsonp.createObjectBuilder()
        .add(
            "scope",
            reply.departmentId() != null ? "department" : reply.isShared() ? "shared" : "personal")
        .add("departmentId", reply.departmentId() == null ? "" : reply.departmentId())
        .add("shortcut", reply.shortcut())
        .add("text", reply.text())
        .build();
  }

  private static void requireKeeperOfShared(Agent agent) {
    if (!Role.covers(agent.roles(), Role.SUPERVISOR)) {
      throw new RuleViolation("forbidden", "shared replies are kept by supervisors and admins");
    }
  }

  private void requireFreeShortcut(String tenantId, String scope, String shortcut, String self) {
    // Shortcuts of a tenant are given one at a time, on any node, so that two requests for one
    // shortcut cannot both pass the look below (the second would meet the unique key: a 500).
    em.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
    boolean taken =
        em.createQuery(
                "select r.id from CannedReply r where r.tenantId = :t and r.scopeKey = :s"
                    + " and r.shortcut = :c",
                String.class)
            .setParameter("t", tenantId)
            .setParameter("s", scope)
            .setParameter("c", shortcut)
            .getResultStream()
            .anyMatch(found -> !found.equals(self));
    if (taken) {
      throw new RuleViolation("conflict", "the shortcut /" + shortcut + " is taken", "shortcut");
    }
  }
}
