package dev.kefu.protection.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.TenantId;

/**
 * A refusal an admin set up: one visitor, or every visitor from a range of addresses, whose widget
 * the tenant's sites turn away, until the block expires or is lifted. A block names exactly one of
 * the two, and a range is kept in its canonical text ({@link AddressRange}).
 */
@Entity
@Table(name = "visitor_block")
public class Block {

  /** What a block refuses. */
  public enum Kind {
    VISITOR,
    RANGE
  }

  public static final int MAX_REASON = 500;

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Kind kind;

  @Column(name = "visitor_id")
  private String visitorId;

  private String cidr;

  private String reason;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "created_by")
  private String createdBy;

  protected Block() {}

  private Block(
      String tenantId,
      Kind kind,
      String visitorId,
      String cidr,
      String reason,
      Instant expiresAt,
      String createdBy,
      Instant now) {
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("the expiry must be in the future");
    }
    String why = reason == null || reason.isBlank() ? null : reason.strip();
    if (why != null && why.length() > MAX_REASON) {
      throw new IllegalArgumentException("the reason is at most " + MAX_REASON + " characters");
    }
    this.id = PublicId.next("b");
    this.tenantId = tenantId;
    this.kind = kind;
    this.visitorId = visitorId;
    this.cidr = cidr;
    this.reason = why;
    this.expiresAt = expiresAt;
    this.createdBy = createdBy;
    this.createdAt = now;
  }

  /** A block of one visitor. */
  public static Block ofVisitor(
      String tenantId,
      String visitorId,
      String reason,
      Instant expiresAt,
      String createdBy,
      Instant now) {
    return new Block(tenantId, Kind.VISITOR, visitorId, null, reason, expiresAt, createdBy, now);
  }

  /** A block of every visitor whose address lies in {@code range}. */
  public static Block ofRange(
      String tenantId,
      AddressRange range,
      String reason,
      Instant expiresAt,
      String createdBy,
      Instant now) {
    return new Block(
        tenantId, Kind.RANGE, null, range.toString(), reason, expiresAt, createdBy, now);
  }

  /** Whether the block still refuses at {@code now}. */
  public boolean inForce(Instant now) {
    return expiresAt == null || expiresAt.isAfter(now);
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public Kind kind() {
    return kind;
  }

  public String visitorId() {
    return visitorId;
  }

  /** The range in its canonical text; null for a block of a visitor. */
  public String cidr() {
    return cidr;
  }

  public AddressRange range() {
    return cidr == null ? null : AddressRange.parse(cidr);
  }

  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String createdBy() {
    return createdBy;
  }
}
