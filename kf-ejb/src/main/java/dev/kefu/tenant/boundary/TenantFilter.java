package dev.kefu.tenant.boundary;

import dev.kefu.shared.InList;
import dev.kefu.tenant.control.CurrentTenant;
import dev.kefu.tenant.control.TenantScope;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * Runs a statement of a hot path without Hibernate's tenant filter, so that Hibernate can reuse
 * what it prepared for it the last time.
 *
 * <p>Every entity of a tenant carries {@code @TenantId}, and Hibernate keeps tenants apart with a
 * filter it turns on in each persistence context ({@link dev.kefu.tenant.control.CurrentTenant}).
 * But in a persistence context with any filter on, Hibernate caches nothing it plans: every JPQL
 * query is translated to SQL again and every load by id with a lock builds its loader again, each
 * time. On a visitor's message that was about 40 % of the node's CPU (docs/benchmarks.md).
 *
 * <p>Only for statements that cannot reach another tenant's rows: a load by a key that the caller
 * then checks with {@link #isCurrent} (or that it already proved is the tenant's, such as the id of
 * a row it holds), or a query restricted by such a key. Everything else keeps the filter. {@link
 * #find} is the load by id with its check.
 */
public final class TenantFilter {

  private static final String NAME = "_tenantId";
  private static final String PARAMETER = "tenantId";

  private TenantFilter() {}

  /**
   * Runs {@code work} with the tenant filter of {@code em}'s persistence context off, and turns it
   * on again for the same tenant afterwards, also when {@code work} throws. Outside a tenant scope
   * there is no filter and {@code work} just runs.
   */
  public static <T> T bypassed(EntityManager em, Supplier<T> work) {
    Session session = em.unwrap(Session.class);
    if (session.getEnabledFilter(NAME) == null) {
      return work.get();
    }
    // What Hibernate set the filter to when it opened the persistence context.
    Object tenant = session.getTenantIdentifierValue();
    session.disableFilter(NAME);
    try {
      return work.get();
    } finally {
      session.enableFilter(NAME).setParameter(PARAMETER, tenant);
    }
  }

  /**
   * The row of {@code type} with this id, loaded under {@code lock} without the tenant filter (so
   * that Hibernate builds the load once), and answered only when it is of the scope's tenant
   * ({@link #isCurrent}): a row of another tenant is not found, as one that does not exist.
   */
  public static <T> Optional<T> find(
      EntityManager em, Class<T> type, Object id, LockModeType lock, Function<T, String> tenantOf) {
    return Optional.ofNullable(bypassed(em, () -> em.find(type, id, lock)))
        .filter(row -> isCurrent(tenantOf.apply(row)));
  }

  /** As above, without a lock. */
  public static <T> Optional<T> find(
      EntityManager em, Class<T> type, Object id, Function<T, String> tenantOf) {
    return find(em, type, id, LockModeType.NONE, tenantOf);
  }

  /**
   * Loads the rows of {@code type} with these ids (its {@code id} attribute) into the persistence
   * context, in one statement for each {@value InList#MOST} and without the tenant filter, for a
   * group's work that then looks up each by its id with {@link #find}: the lookups read nothing
   * more. A row of another tenant is loaded all the same, and {@link #find} never answers it.
   */
  public static void preload(EntityManager em, Class<?> type, Collection<String> ids) {
    String entity = em.getMetamodel().entity(type).getName();
    for (InList in : InList.chunksOf("ids", ids)) {
      bypassed(
          em,
          () ->
              in.bindTo(
                      em.createQuery(
                          "select e from " + entity + " e where e.id in " + in.placeholders(),
                          type))
                  .getResultList());
    }
  }

  /**
   * Whether a row of {@code tenantId} may be used here: it is the tenant of the current scope, or
   * there is no tenant scope (code that works across tenants names them itself).
   */
  public static boolean isCurrent(String tenantId) {
    return TenantScope.current()
        .filter(t -> !CurrentTenant.ROOT.equals(t))
        .map(t -> t.equals(tenantId))
        .orElse(true);
  }
}
