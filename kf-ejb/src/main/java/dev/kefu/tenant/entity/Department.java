package dev.kefu.tenant.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.TenantId;

/**
 * A group of agents that answers a share of a tenant's conversations. Assignment locks the
 * department row, so that concurrent assignments into one department, on any node, take turns.
 */
@Entity
@Table(name = "department")
public class Department {

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(nullable = false)
  private String name;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /**
   * How long the conversations of an agent whose consoles are all gone wait for them before they go
   * to someone else; null for the installation's default.
   */
  @Column(name = "agent_grace_seconds")
  private Integer agentGraceSeconds;

  /**
   * How long an open conversation waits for a visitor whose page is gone before it closes; null for
   * the installation's default.
   */
  @Column(name = "visitor_gone_seconds")
  private Integer visitorGoneSeconds;

  protected Department() {}

  public Department(String tenantId, String name, Instant now) {
    this.id = PublicId.next("d");
    this.tenantId = tenantId;
    this.name = name;
    this.createdAt = now;
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public String name() {
    return name;
  }

  public Optional<Integer> agentGraceSeconds() {
    return Optional.ofNullable(agentGraceSeconds);
  }

  public Optional<Integer> visitorGoneSeconds() {
    return Optional.ofNullable(visitorGoneSeconds);
  }

  /** Sets how long to wait for a gone visitor; null goes back to the installation's default. */
  public void changeVisitorGone(Integer seconds) {
    if (seconds != null && (seconds < 0 || seconds > 7 * 86_400)) {
      throw new IllegalArgumentException("the wait for a gone visitor is 0 to 604800 seconds");
    }
    this.visitorGoneSeconds = seconds;
  }

  /** Sets the grace period of the department; null goes back to the installation's default. */
  public void changeAgentGrace(Integer seconds) {
    if (seconds != null && (seconds < 0 || seconds > 86_400)) {
      throw new IllegalArgumentException("the grace period is 0 to 86400 seconds");
    }
    this.agentGraceSeconds = seconds;
  }
}
