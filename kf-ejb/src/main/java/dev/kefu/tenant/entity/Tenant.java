package dev.kefu.tenant.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * The customer organisation that owns sites, departments, agents and all their conversations. In a
 * multi-tenant installation the platform operator may suspend it (its staff cannot sign in, its
 * widgets are refused until it is resumed) and limit how many agents and sites it may have; a limit
 * of {@code null} is no limit, and a limit is never below zero.
 */
@Entity
@Table(name = "tenant")
public class Tenant {

  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "suspended_at")
  private Instant suspendedAt;

  @Column(name = "max_agents")
  private Integer maxAgents;

  @Column(name = "max_sites")
  private Integer maxSites;

  protected Tenant() {}

  public Tenant(String name, Instant now) {
    this.id = PublicId.next("t");
    this.name = name;
    this.createdAt = now;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** When the tenant was suspended, if it is. */
  public Optional<Instant> suspendedAt() {
    return Optional.ofNullable(suspendedAt);
  }

  public boolean suspended() {
    return suspendedAt != null;
  }

  /** Suspends the tenant from {@code now}; a tenant already suspended keeps its first time. */
  public void suspend(Instant now) {
    if (suspendedAt == null) {
      suspendedAt = now;
    }
  }

  public void resume() {
    suspendedAt = null;
  }

  /** The most agents the tenant may have; empty for no limit. */
  public Optional<Integer> maxAgents() {
    return Optional.ofNullable(maxAgents);
  }

  /** The most sites the tenant may have; empty for no limit. */
  public Optional<Integer> maxSites() {
    return Optional.ofNullable(maxSites);
  }

  /**
   * Sets both limits; {@code null} is no limit. Limits below the tenant's current counts are
   * allowed: nothing is removed, only new agents or sites are refused.
   */
  public void limit(Integer maxAgents, Integer maxSites) {
    if ((maxAgents != null && maxAgents < 0) || (maxSites != null && maxSites < 0)) {
      throw new IllegalArgumentException("a limit is never below zero");
    }
    this.maxAgents = maxAgents;
    this.maxSites = maxSites;
  }
}
