package dev.kefu.agent.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.TenantId;

/**
 * A status a tenant defines for its agents beside online, away and offline ("Lunch", "Training",
 * "Phone only"), and whether an agent in it is given new conversations as if online.
 */
@Entity
@Table(name = "agent_status")
public class CustomStatus {

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private boolean available;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected CustomStatus() {}

  public CustomStatus(String tenantId, String name, boolean available, Instant now) {
    this.id = PublicId.next("st");
    this.tenantId = tenantId;
    change(name, available);
    this.createdAt = now;
  }

  /** Renames the status and says whether agents in it take conversations. */
  public void change(String name, boolean available) {
    if (name == null || name.isBlank() || name.strip().length() > 100) {
      throw new IllegalArgumentException("a status name is 1 to 100 characters");
    }
    this.name = name.strip();
    this.available = available;
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

  public boolean available() {
    return available;
  }
}
