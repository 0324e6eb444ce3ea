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
import java.util.Map;
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
   * What a search of the log asks for: a period, from (inclusive) to (exclusive), and optionally
   * the actors (agent ids or user names as typed, any of them), one action, object type, object id,
   * source and client address. Empty and {@code null} values ask for anything.
   */
  public record Filter(
      Instant from,
      Instant to,
      List<String> actors,
      String action,
      String objectType,
      String objectId,
      String source,
      String ip) {

    public Filter {
      if (from == null || to == null || !from.isBefore(to)) {
        throw new IllegalArgumentException("from must be before to");
      }
      actors = actors == null ? List.of() : actors.stream().filter(Filter::given).toList();
    }

    /** The whole period, nothing else asked. */
    public static Filter period(Instant from, Instant to) {
      return new Filter(from, to, null, null, null, null, null, null);
    }

    private static boolean given(String value) {
      return value != null && !value.isBlank();
    }
  }

  /** The columns a search may be sorted by; always then by id, so that pages never overlap. */
  private static final Map<String, String> SORTS =
      Map.of(
          "at", "e.at",
          "actor", "e.actor",
          "action", "e.action",
          "objectType", "e.objectType",
          "objectId", "e.objectId",
          "source", "e.source",
          "ip", "e.ip");

  /**
   * One page of the tenant's events that match {@code filter}, sorted by {@code sort} (one of
   * {@code at}, {@code actor}, {@code action}, {@code objectType}, {@code objectId}, {@code
   * source}, {@code ip}; otherwise by time), for the admin console's table.
   */
  public List<AuditEvent> search(
      String tenantId, Filter filter, String sort, boolean ascending, int first, int size) {
    String by = SORTS.getOrDefault(sort == null ? "" : sort, "e.at");
    String direction = ascending ? " asc" : " desc";
    TypedQuery<AuditEvent> query =
        em.createQuery(
            "select e from AuditEvent e where "
                + matching(filter)
                + " order by "
                + by
                + direction
                + ", e.id"
                + direction,
            AuditEvent.class);
    bind(query, tenantId, filter);
    return query.setFirstResult(Math.max(0, first)).setMaxResults(size).getResultList();
  }

  /** How many of the tenant's events match {@code filter}. */
  public long count(String tenantId, Filter filter) {
    TypedQuery<Long> query =
        em.createQuery("select count(e) from AuditEvent e where " + matching(filter), Long.class);
    bind(query, tenantId, filter);
    return query.getSingleResult();
  }

  /** One of the tenant's events, for the console's detail view. */
  public Optional<AuditEvent> find(String tenantId, String eventId) {
    if (eventId == null) {
      return Optional.empty();
    }
    return em.createQuery(
            "select e from AuditEvent e where " + visibleTo() + " and e.id = :id", AuditEvent.class)
        .setParameter("tenant", tenantId)
        .setParameter("id", eventId)
        .getResultStream()
        .findFirst();
  }

  /**
   * The tenant's events from {@code from} (inclusive) to {@code to} (exclusive) in time order, at
   * most {@code size} of them, starting after the event {@code after} of an earlier page.
   */
  public List<AuditEvent> page(
      String tenantId, Instant from, Instant to, AuditEvent after, int size) {
    return page(tenantId, Filter.period(from, to), after, size);
  }

  /**
   * The tenant's events that match {@code filter} in time order, at most {@code size} of them,
   * starting after the event {@code after} of an earlier page: an export reads the log this way, a
   * page at a time, however long it is.
   */
  public List<AuditEvent> page(String tenantId, Filter filter, AuditEvent after, int size) {
    String keyset =
        after == null ? "" : " and (e.at > :afterAt or (e.at = :afterAt and e.id > :afterId))";
    TypedQuery<AuditEvent> query =
        em.createQuery(
                "select e from AuditEvent e where "
                    + matching(filter)
                    + keyset
                    + " order by e.at, e.id",
                AuditEvent.class)
            .setMaxResults(size);
    bind(query, tenantId, filter);
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
    return firstBeyond(tenantId, Filter.period(from, to), limit);
  }

  /**
   * The time of the first of the tenant's events matching {@code filter} that an export of {@code
   * limit} events leaves out; empty when the export holds them all.
   */
  public Optional<Instant> firstBeyond(String tenantId, Filter filter, int limit) {
    TypedQuery<Instant> query =
        em.createQuery(
            "select e.at from AuditEvent e where " + matching(filter) + " order by e.at, e.id",
            Instant.class);
    bind(query, tenantId, filter);
    return query.setFirstResult(limit).setMaxResults(1).getResultStream().findFirst();
  }

  private String matching(Filter filter) {
    StringBuilder where =
        new StringBuilder(visibleTo()).append(" and e.at >= :from and e.at < :to");
    if (!filter.actors().isEmpty()) {
      where.append(" and e.actor in :actors");
    }
    if (given(filter.action())) {
      where.append(" and e.action = :action");
    }
    if (given(filter.objectType())) {
      where.append(" and e.objectType = :objectType");
    }
    if (given(filter.objectId())) {
      where.append(" and e.objectId = :objectId");
    }
    if (given(filter.source())) {
      where.append(" and e.source = :source");
    }
    if (given(filter.ip())) {
      where.append(" and e.ip = :ip");
    }
    return where.toString();
  }

  private static void bind(TypedQuery<?> query, String tenantId, Filter filter) {
    query
        .setParameter("tenant", tenantId)
        .setParameter("from", filter.from())
        .setParameter("to", filter.to());
    if (!filter.actors().isEmpty()) {
      query.setParameter("actors", filter.actors().stream().map(String::strip).toList());
    }
    if (given(filter.action())) {
      query.setParameter("action", filter.action().strip());
    }
    if (given(filter.objectType())) {
      query.setParameter("objectType", filter.objectType().strip());
    }
    if (given(filter.objectId())) {
      query.setParameter("objectId", filter.objectId().strip());
    }
    if (given(filter.source())) {
      query.setParameter("source", filter.source().strip());
    }
    if (given(filter.ip())) {
      query.setParameter("ip", filter.ip().strip());
    }
  }

  private static boolean given(String value) {
    return value != null && !value.isBlank();
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
