package dev.kefu.canned.boundary;

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
import dev.kefu.tenant.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Canned replies as a member of staff sees and keeps them: their own personal ones and the shared
 * ones of their tenant. Anyone keeps their own; shared ones are kept by supervisors and admins
 * (others are refused with {@code forbidden}). Another agent's personal reply, or another tenant's,
 * answers as one that does not exist. Every change is audited with the reply before and after, in
 * the transaction of the change.
 */
@Stateless
public class CannedReplies {

  /** How many replies one scope (a person, or the tenant's shared set) may hold. */
  static final int MAX_PER_SCOPE = 500;

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;

  /** The caller's personal replies, then the tenant's shared ones, each by shortcut. */
  public List<CannedReply> visibleTo(Agent agent) {
    return em.createQuery(
            "select r from CannedReply r where r.tenantId = :t"
                + " and (r.ownerId = :a or r.ownerId is null)"
                + " order by case when r.ownerId is null then 1 else 0 end, r.shortcut",
            CannedReply.class)
        .setParameter("t", agent.tenantId())
        .setParameter("a", agent.id())
        .getResultList();
  }

  /** A new personal reply of the caller, or a shared one ({@code shared}) for a supervisor. */
  public CannedReply create(Actor by, boolean shared, String shortcut, String text) {
    Agent agent = agentOf(by);
    if (shared) {
      requireKeeperOfShared(agent);
    }
    String owner = shared ? null : agent.id();
    String scope = shared ? CannedReply.SHARED : agent.id();
    Number count =
        em.createQuery(
                "select count(r) from CannedReply r where r.tenantId = :t and r.scopeKey = :s",
                Number.class)
            .setParameter("t", agent.tenantId())
            .setParameter("s", scope)
            .getSingleResult();
    if (count.intValue() >= MAX_PER_SCOPE) {
      throw new RuleViolation("bad_request", "at most " + MAX_PER_SCOPE + " replies");
    }
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
    CannedReply reply = keptBy(agentOf(by), id);
    requireFreeShortcut(
        reply.tenantId(), reply.scopeKey(), CannedReply.checkedShortcut(shortcut), reply.id());
    JsonObject before = json(reply);
    reply.change(shortcut, text, clock.now());
    auditLog.recordChange(
        by, Action.CANNED_REPLY_UPDATE, "canned_reply", reply.id(), before, json(reply));
    return reply;
  }

  public void delete(Actor by, String id) {
    CannedReply reply = keptBy(agentOf(by), id);
    em.remove(reply);
    auditLog.recordChange(
        by,
        Action.CANNED_REPLY_DELETE,
        "canned_reply",
        reply.id(),
        json(reply),
        JsonValue.EMPTY_JSON_OBJECT);
  }

  /** A reply the caller may see: their own or a shared one of their tenant. */
  public CannedReply get(Agent agent, String id) {
    CannedReply reply = id == null ? null : em.find(CannedReply.class, id);
    if (reply == null
        || !reply.tenantId().equals(agent.tenantId())
        || !(reply.isShared() || reply.ownerId().equals(agent.id()))) {
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
        .add("scope", reply.isShared() ? "shared" : "personal")
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
      throw new RuleViolation("conflict", "the shortcut /" + shortcut + " is taken");
    }
  }
}
