package dev.kefu.tenant.boundary;

import java.time.Instant;

/**
 * A tenant was founded with its first department, in the transaction that stores it; the tenant's
 * first admin is made by whoever keeps the accounts, in the same transaction, and answers here who
 * it is ({@link #adminMade}). Observed synchronously; not an event for the edge.
 */
public final class TenantFounded {

  private final String tenantId;
  private final String departmentId;
  private final String adminUsername;
  private final char[] adminPassword;
  private final Instant at;
  private String adminId;

  public TenantFounded(
      String tenantId,
      String departmentId,
      String adminUsername,
      char[] adminPassword,
      Instant at) {
    this.tenantId = tenantId;
    this.departmentId = departmentId;
    this.adminUsername = adminUsername;
    this.adminPassword = adminPassword;
    this.at = at;
  }

  public String tenantId() {
    return tenantId;
  }

  public String departmentId() {
    return departmentId;
  }

  public String adminUsername() {
    return adminUsername;
  }

  public char[] adminPassword() {
    return adminPassword;
  }

  public Instant at() {
    return at;
  }

  /** The observer that made the first admin tells its id. */
  public void adminMade(String id) {
    this.adminId = id;
  }

  /** The first admin's id; fails when no observer made one, which would leave the tenant locked. */
  public String adminId() {
    if (adminId == null) {
      throw new IllegalStateException("no first admin was made for tenant " + tenantId);
    }
    return adminId;
  }
}
