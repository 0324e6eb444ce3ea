package dev.kefu.tenant.control;

import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * Tells Hibernate, whenever it opens a persistence context, which tenant it is for: the one of
 * {@link TenantScope}. Every entity that belongs to a tenant marks its {@code tenant_id} with
 * {@code @TenantId}; Hibernate then adds {@code tenant_id = ?} to every query and every load by id
 * of such an entity, and refuses to store one of another tenant. Outside a tenant scope the context
 * is the root one: nothing is filtered, and code there names tenants itself.
 *
 * <p>Configured in {@code persistence.xml} as {@code hibernate.tenant_identifier_resolver}.
 */
public class CurrentTenant implements CurrentTenantIdentifierResolver<String> {

  /** The tenant identifier of a persistence context opened outside any tenant scope. */
  public static final String ROOT = "*";

  @Override
  public String resolveCurrentTenantIdentifier() {
    return TenantScope.current().orElse(ROOT);
  }

  @Override
  public boolean validateExistingCurrentSessions() {
    // Container-managed persistence contexts live one transaction; they are not reused across.
    return false;
  }

  @Override
  public boolean isRoot(String tenantId) {
    return ROOT.equals(tenantId);
  }
}
