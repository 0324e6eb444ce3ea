package dev.kefu.tenant.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
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
}
