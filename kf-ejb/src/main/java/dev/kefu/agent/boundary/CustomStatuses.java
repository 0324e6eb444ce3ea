package dev.kefu.agent.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.AgentStatus;
import dev.kefu.agent.entity.CustomStatus;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.AvailabilityChanged;
import dev.kefu.events.KefuEvent;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * The statuses a tenant defines for its agents beside online, away and offline. Admins define them
 * (audited); every member of staff may list them to pick one.
 */
@Stateless
public class CustomStatuses {

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Event<KefuEvent> events;

  public List<CustomStatus> of(String tenantId) {
    return em.createQuery(
            "select s from CustomStatus s where s.tenantId = :t order by s.name",
            CustomStatus.class)
        .setParameter("t", tenantId)
        .getResultList();
  }

  public CustomStatus get(String tenantId, String statusId) {
    CustomStatus status = statusId == null ? null : em.find(CustomStatus.class, statusId);
    if (status == null || !status.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such status");
    }
    return status;
  }

  public CustomStatus define(Actor by, String name, boolean available) {
    requireUniqueName(by.tenantId(), name, null);
    CustomStatus status;
    try {
      status = new CustomStatus(by.tenantId(), name, available, clock.now());
    } catch (IllegalArgumentException refused) {
      throw new RuleViolation("bad_request", refused.getMessage(), "name");
    }
    em.persist(status);
    auditLog.recordChange(
        by, Action.AGENT_STATUS_CREATE, "agent_status", status.id(), empty(), json(status));
    return status;
  }

  public CustomStatus change(Actor by, String statusId, String name, boolean available) {
    CustomStatus status = get(by.tenantId(), statusId);
    requireUniqueName(by.tenantId(), name, statusId);
    JsonObject before = json(status);
    try {
      status.change(name, available);
      // Agents in it may now count as available, or no longer: widgets learn whether anyone is.
      events.fire(new AvailabilityChanged(by.tenantId()));
    } catch (IllegalArgumentException refused) {
      throw new RuleViolation("bad_request", refused.getMessage(), "name");
    }
    auditLog.recordChange(
        by, Action.AGENT_STATUS_UPDATE, "agent_status", status.id(), before, json(status));
    return status;
  }

  /** Removes a status; agents in it are away until they choose again. */
  public void remove(Actor by, String statusId) {
    // One removal at a time per tenant, as names are given: of two removals of one status at once,
    // the second then finds it gone (404) instead of deleting a row no longer there (a 500).
    em.find(Tenant.class, by.tenantId(), LockModeType.PESSIMISTIC_WRITE);
    CustomStatus status = get(by.tenantId(), statusId);
    for (Agent agent :
        em.createQuery("select a from Agent a where a.customStatusId = :s", Agent.class)
            .setParameter("s", statusId)
            .getResultList()) {
      agent.changeStatus(AgentStatus.AWAY);
    }
    em.remove(status);
    events.fire(new AvailabilityChanged(by.tenantId()));
    auditLog.recordChange(
        by, Action.AGENT_STATUS_DELETE, "agent_status", status.id(), json(status), empty());
  }

  private void requireUniqueName(String tenantId, String name, String except) {
    // Names of a tenant are given one at a time, on any node, so that two requests for one name
    // cannot both pass the look below (the second would meet the unique key: a 500, not a 409).
    em.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
    boolean taken =
        of(tenantId).stream()
            .anyMatch(s -> name != null && s.name().equals(name.strip()) && !s.id().equals(except));
    if (taken) {
      throw new RuleViolation("conflict", "a status of this name exists", "name");
    }
  }

  private static JsonObject json(CustomStatus status) {
    return Jsonp.createObjectBuilder()
        .add("name", status.name())
        .add("available", status.available())
        .build();
  }

  private static JsonObject empty() {
    return JsonObject.EMPTY_JSON_OBJECT;
  }
}
