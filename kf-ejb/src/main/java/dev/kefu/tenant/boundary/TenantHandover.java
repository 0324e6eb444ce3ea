package dev.kefu.tenant.boundary;

import dev.kefu.tenant.control.TenantScope;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Hands work of the current tenant over to another thread of the node, such as a writer that stores
 * what many sockets sent: the tenant is taken where the work is handed over and entered again where
 * it runs, so that the work sees that tenant's rows only, as it would have where it came from.
 */
public final class TenantHandover {

  private TenantHandover() {}

  /** The tenant the current thread works for; empty outside any tenant's scope. */
  public static Optional<String> current() {
    return TenantScope.current();
  }

  /** Runs {@code work} on this thread for {@code tenantId}; the previous scope comes back after. */
  public static <T> T within(String tenantId, Supplier<T> work) {
    return TenantScope.call(tenantId, work);
  }
}
