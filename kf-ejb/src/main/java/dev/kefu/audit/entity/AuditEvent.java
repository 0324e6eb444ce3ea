package dev.kefu.audit.entity;

import dev.kefu.shared.PublicId;
import dev.kefu.shared.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One entry of the audit log: who ({@link Actor}) did what ({@link Action}) to which object, when,
 * and from where. Entries are never changed; they are deleted only when older than the retention.
 * The detail is JSON and never holds a password, a secret or a token. Values longer than their
 * column are cut rather than refused, so an entry is never lost to its length.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

  static final int MAX_ACTOR = 100;
  static final int MAX_DETAIL = 1_000_000;

  @Id private String id;

  @Column(name = "tenant_id")
  private String tenantId;

  @Column(nullable = false)
  private Instant at;

  @Column(nullable = false)
  private String actor;

  @Column(name = "actor_type", nullable = false)
  private String actorType;

  @Column(nullable = false)
  private String action;

  @Column(name = "object_type")
  private String objectType;

  @Column(name = "object_id")
  private String objectId;

  private String ip;

  @Column(nullable = false)
  private String source;

  private String detail;

  protected AuditEvent() {}

  /**
   * @param detail JSON text, or {@code null}
   */
  public AuditEvent(
      Actor actor, String action, String objectType, String objectId, String detail, Instant at) {
    this.id = PublicId.ordered("e");
    this.tenantId = actor.tenantId();
    this.at = at;
    this.actor = clip(actor.name(), MAX_ACTOR);
    this.actorType = actor.type().wire();
    this.action = clip(action, 64);
    this.objectType = clip(objectType, 32);
    this.objectId = clip(objectId, 100);
    this.ip = clip(actor.ip(), 45);
    this.source = actor.source().wire();
    this.detail = clip(detail, MAX_DETAIL);
  }

  /** {@code value} cut to at most {@code max} characters, never in the middle of a character. */
  static String clip(String value, int max) {
    return Text.clip(value, max);
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public Instant at() {
    return at;
  }

  public String actor() {
    return actor;
  }

  public String actorType() {
    return actorType;
  }

  public String action() {
    return action;
  }

  public String objectType() {
    return objectType;
  }

  public String objectId() {
    return objectId;
  }

  public String ip() {
    return ip;
  }

  public String source() {
    return source;
  }

  public String detail() {
    return detail;
  }
}
