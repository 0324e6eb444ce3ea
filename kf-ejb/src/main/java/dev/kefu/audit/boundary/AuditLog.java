package dev.kefu.audit.boundary;

import dev.kefu.audit.control.ChangeDetail;
import dev.kefu.audit.entity.Actor;
import dev.kefu.audit.entity.AuditEvent;
import dev.kefu.shared.Clock;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit log: every sign-in attempt and every administrative change, who did it, when and from
 * where. Every part of Kefu that audits something writes through here, and the export reads from
 * here.
 *
 * <p>Events of the installation rather than of a tenant (a sign-in with a user name that names no
 * account, the retention job) have no tenant. A single-tenant installation ({@code
 * kf.tenancy=single}) shows them to its admins too; a multi-tenant one leaves them to the platform
 * operator. The mode decides, not how many tenant rows there are: one customer of a SaaS
 * installation must not see the others' failed sign-ins just because it was the first.
 */
@Stateless
public class AuditLog {

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;

  @Inject
  @ConfigProperty(name = "kf.tenancy", defaultValue = "single")
  private String tenancy;

  /**
   * Records an event in a transaction of its own, committed whatever becomes of the caller's: a
   * failed sign-in is written although the sign-in fails.
   *
   * @param detail JSON, or {@code null}; never a password, a secret or a token
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void recordApart(
      Actor actor, String action, String objectType, String objectId, JsonObject detail) {
    store(actor, action, objectType, objectId, detail);
  }

  /**
   * Records an event in the caller's transaction: it is in the log exactly when what it tells of is
   * committed.
   *
   * @param detail JSON, or {@code null}; never a password, a secret or a token
   */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void record(
      Actor actor, String action, String objectType, String objectId, JsonObject detail) {
    store(actor, action, objectType, objectId, detail);
  }

  private void store(
      Actor actor, String action, String objectType, String objectId, JsonObject detail) {
    em.persist(
        new AuditEvent(
            actor,
            action,
            objectType,
            objectId,
            detail == null ? null : detail.toString(),
            clock.now()));
  }

  /**
   * Records a change in the caller's transaction, so that the log holds it exactly when the change
   * is committed. Keeps only the fields that differ between {@code before} and {@code after};
   * records nothing when none does. Callers pass only fields that may be shown to an admin: never a
   * password, a secret or a token.
   */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void recordChange(
      Actor by,
      String action,
      String objectType,
      String objectId,
      JsonObject before,
      JsonObject after) {
    ChangeDetail.of(before, after)
        .ifPresent(
            detail ->
                em.persist(
                    new AuditEvent(
                        by, action, objectType, objectId, detail.toString(), clock.now())));
  }

  /**
   * The tenant's events from {@code from} (inclusive) to {@code to} (exclusive) in time order, at
   * most {@code size} of them, starting after the event {@code after} of an earlier page.
   */
  public List<AuditEvent> page(
      String tenantId, Instant from, Instant to, AuditEvent after, int size) {
    String keyset =
        after == null ? "" : " and (e.at > :afterAt or (e.at = :afterAt and e.id > :afterId))";
    TypedQuery<AuditEvent> query =
        em.createQuery(
                "select e from AuditEvent e where "
                    + visibleTo()
                    + " and e.at >= :from and e.at < :to"
                    + keyset
                    + " order by e.at, e.id",
                AuditEvent.class)
            .setParameter("tenant", tenantId)
            .setParameter("from", from)
            .setParameter("to", to)
            .setMaxResults(size);
    if (after != null) {
      query.setParameter("afterAt", after.at()).setParameter("afterId", after.id());
    }
    return query.getResultList();
  }

  /**
   * The time of the first of the tenant's events in the range that an export of {@code limit}
   * events leaves out; empty when the export holds them all.
   */
  public Optional<Instant> firstBeyond(String tenantId, Instant from, Instant to, int limit) {
    return em.createQuery(
            "select e.at from AuditEvent e where "
                + visibleTo()
                + " and e.at >= :from and e.at < :to"
                + " order by e.at, e.id",
            Instant.class)
        .setParameter("tenant", tenantId)
        .setParameter("from", from)
        .setParameter("to", to)
        .setFirstResult(limit)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /**
   * Deletes up to {@code size} of the events older than {@code cutoff} in a transaction of its own
   * and answers how many went. Several nodes may do this at once: each deletes what is still there.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int purgeBatch(Instant cutoff, int size) {
    List<String> ids =
        em.createQuery(
                "select e.id from AuditEvent e where e.at < :cutoff order by e.at", String.class)
            .setParameter("cutoff", cutoff)
            .setMaxResults(size)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from AuditEvent e where e.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }

  private String visibleTo() {
    return "multi".equalsIgnoreCase(tenancy)
        ? "e.tenantId = :tenant"
        : "(e.tenantId = :tenant or e.tenantId is null)";
  }
}
