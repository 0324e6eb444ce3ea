package dev.kefu.tenant.control;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant the current thread works for. The edges enter it once per request or socket frame (the
 * signed-in member of staff's tenant, the tenant of the visitor's site); every persistence context
 * opened inside then sees that tenant's rows only ({@link CurrentTenant}), so no query has to
 * remember a {@code where tenant_id = …}.
 *
 * <p>A thread-bound value rather than a CDI bean, because Hibernate asks for it from a class it
 * creates itself, and because socket frames run where no request scope is active. Outside any scope
 * (start-up, scheduled jobs, the handshake that finds a site by its public key, the sign-in that
 * finds an account by its user name) Kefu works across tenants and must name the tenant itself.
 */
public final class TenantScope {

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private TenantScope() {}

  /** The tenant entered on this thread, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Runs {@code work} for {@code tenantId}; the previous scope is restored afterwards. */
  public static <T> T call(String tenantId, Supplier<T> work) {
    try (Entered scope = enter(tenantId)) {
      return work.get();
    }
  }

  /** Runs {@code work} for {@code tenantId}; the previous scope is restored afterwards. */
  public static void run(String tenantId, Runnable work) {
    call(
        tenantId,
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * Runs {@code work} across all tenants, also inside a tenant's scope: for the few checks that
   * must see every tenant, such as whether a user name is taken anywhere. Say why at each use.
   */
  public static <T> T acrossTenants(Supplier<T> work) {
    return call(CurrentTenant.ROOT, work);
  }

  /**
   * Enters {@code tenantId} until the answer is closed, for work that throws what it throws (a
   * servlet filter chain): {@code try (var scope = TenantScope.enter(t)) {…}}.
   */
  public static Entered enter(String tenantId) {
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException("a tenant scope needs a tenant");
    }
    String previous = CURRENT.get();
    CURRENT.set(tenantId);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** An entered scope; closing it restores the scope before. */
  @FunctionalInterface
  public interface Entered extends AutoCloseable {
    @Override
    void close();
  }
}
