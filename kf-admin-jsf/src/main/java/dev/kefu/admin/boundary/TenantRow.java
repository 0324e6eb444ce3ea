package dev.kefu.admin.boundary;

import java.io.Serializable;

/**
 * One line of the platform operator's tenants table: the tenant, whether it is suspended, its
 * counts of agents and sites, its limits on them ({@code null}: no limit) and whether it is the
 * operator's own tenant.
 */
public record TenantRow(
    String id,
    String name,
    String createdAt,
    String suspendedAt,
    long agents,
    long sites,
    Integer maxAgents,
    Integer maxSites,
    boolean own)
    implements Serializable {

  public String getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getCreatedAt() {
    return createdAt;
  }

  public String getSuspendedAt() {
    return suspendedAt;
  }

  public boolean isSuspended() {
    return suspendedAt != null;
  }

  public long getAgents() {
    return agents;
  }

  public long getSites() {
    return sites;
  }

  public Integer getMaxAgents() {
    return maxAgents;
  }

  public Integer getMaxSites() {
    return maxSites;
  }

  public boolean isOwn() {
    return own;
  }

  /** Whether "Remove" is offered: a suspended tenant only, never the operator's own. */
  public boolean isRemovable() {
    return isSuspended() && !own;
  }
}
