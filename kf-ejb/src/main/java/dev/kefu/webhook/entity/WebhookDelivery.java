package dev.kefu.webhook.entity;

import dev.kefu.setup.entity.Sealed;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.TenantId;

/**
 * One event for one webhook: written in the transaction of the change it tells of, so it exists
 * exactly when the change does, then sent, retried and kept as the delivery log.
 */
@Entity
@Table(name = "webhook_delivery")
@DynamicUpdate
public class WebhookDelivery {

  /** Where a delivery stands. */
  public enum Status {
    /** Not yet accepted by the receiver; sent at {@code nextAttemptAt}. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Every attempt failed; an admin may send it again. */
    FAILED
  }

  static final int MAX_ERROR = 500;

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "webhook_id", nullable = false)
  private String webhookId;

  @Column(name = "visitor_id")
  private String visitorId;

  @Column(name = "event_type", nullable = false)
  private String eventType;

  @Column(nullable = false)
  @Convert(converter = Sealed.class)
  private String payload;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "claimed_until")
  private Instant claimedUntil;

  @Column(name = "last_status")
  private Integer lastStatus;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "delivered_at")
  private Instant deliveredAt;

  protected WebhookDelivery() {}

  /**
   * A delivery due at once. {@code payload} is the whole body the receiver gets, with this
   * delivery's id in it.
   */
  public WebhookDelivery(
      String id,
      String tenantId,
      String webhookId,
      WebhookEvent event,
      String visitorId,
      String payload,
      Instant now) {
    this.id = id;
    this.tenantId = tenantId;
    this.webhookId = webhookId;
    this.visitorId = visitorId;
    this.eventType = event.wire();
    this.payload = payload;
    this.status = Status.PENDING;
    this.attempts = 0;
    this.nextAttemptAt = now;
    this.createdAt = now;
  }

  /** A new delivery id. */
  public static String newId() {
    return PublicId.ordered("whd");
  }

  /** The receiver took it. */
  public void delivered(int httpStatus, Instant now) {
    attempts++;
    status = Status.DELIVERED;
    lastStatus = httpStatus;
    lastError = null;
    deliveredAt = now;
    claimedUntil = null;
  }

  /**
   * An attempt failed ({@code httpStatus} null: no answer); the next one is at {@code next}, or
   * none when this was the last allowed.
   */
  public void failed(Integer httpStatus, String error, Instant next, boolean last) {
    attempts++;
    lastStatus = httpStatus;
    lastError = error == null ? null : Text.clip(error, MAX_ERROR);
    claimedUntil = null;
    if (last) {
      status = Status.FAILED;
    } else {
      nextAttemptAt = next;
    }
  }

  /** An admin asks for it again: due now, with a fresh count of attempts. */
  public void again(Instant now) {
    status = Status.PENDING;
    attempts = 0;
    nextAttemptAt = now;
    claimedUntil = null;
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public String webhookId() {
    return webhookId;
  }

  public String eventType() {
    return eventType;
  }

  public String payload() {
    return payload;
  }

  public Status status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public Optional<Integer> lastStatus() {
    return Optional.ofNullable(lastStatus);
  }

  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Optional<Instant> deliveredAt() {
    return Optional.ofNullable(deliveredAt);
  }
}
