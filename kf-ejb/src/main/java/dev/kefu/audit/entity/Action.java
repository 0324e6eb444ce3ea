package dev.kefu.audit.entity;

/**
 * The names of audited actions, {@code object.verb}. They are stable: exports and the reports built
 * on them filter by these names.
 */
public final class Action {

  public static final String SIGNIN_SUCCESS = "signin.success";
  public static final String SIGNIN_FAILURE = "signin.failure";

  /** A sign-in refused without looking at the password, because the user name is locked. */
  public static final String SIGNIN_LOCKED = "signin.locked";

  public static final String SITE_UPDATE = "site.update";
  public static final String AUDIT_EXPORT = "audit.export";
  public static final String AUDIT_PURGE = "audit.purge";

  /** A platform operator founded a tenant (multi-tenant installations only). */
  public static final String TENANT_CREATE = "tenant.create";

  private Action() {}
}
