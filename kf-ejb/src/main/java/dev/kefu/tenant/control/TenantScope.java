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
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException("a tenant scope needs a tenant");
    }
    String previous = CURRENT.get();
    CURRENT.set(tenantId);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
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

  /** Work that may throw checked exceptions, such as a servlet filter chain. */
  @FunctionalInterface
  public interface Work<E extends Exception> {
    void run() throws E;
  }

  /** Runs {@code work}, which may throw {@code E}, for {@code tenantId}. */
  public static <E extends Exception> void runChecked(String tenantId, Work<E> work) throws E {
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException("a tenant scope needs a tenant");
    }
    String previous = CURRENT.get();
    CURRENT.set(tenantId);
    try {
      work.run();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
