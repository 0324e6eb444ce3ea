package dev.kefu.tenant.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The customer organisation that owns sites, departments, agents and all their conversations. */
@Entity
@Table(name = "tenant")
public class Tenant {

  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

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
}
