package dev.kefu.tenant.entity;

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
 * A group of agents that answers a share of a tenant's conversations, with its way of choosing an
 * agent ({@link RoutingStrategy}), its timeouts and its {@link BusinessHours}. Assignment locks the
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

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private RoutingStrategy strategy = RoutingStrategy.LEAST_BUSY;

  /**
   * How long an assigned conversation waits for its agent's first answer before it is offered to
   * another agent; null for the installation's default.
   */
  @Column(name = "offer_seconds")
  private Integer offerSeconds;

  @Column(name = "time_zone")
  private String timeZone;

  @Column(name = "weekly_hours")
  private String weeklyHours;

  @Column(name = "holidays")
  private String holidays;

  protected Department() {}

  public Department(String tenantId, String name, Instant now) {
    this.id = PublicId.next("d");
    this.tenantId = tenantId;
    rename(name);
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

  public RoutingStrategy strategy() {
    return strategy;
  }

  public Optional<Integer> offerSeconds() {
    return Optional.ofNullable(offerSeconds);
  }

  /** When the department answers; {@link BusinessHours#ALWAYS} unless hours were set. */
  public BusinessHours businessHours() {
    return BusinessHours.parse(timeZone, weeklyHours, holidays);
  }

  public void rename(String name) {
    if (name == null || name.isBlank() || name.strip().length() > 200) {
      throw new IllegalArgumentException("a department's name is 1 to 200 characters");
    }
    this.name = name.strip();
  }

  public void routeBy(RoutingStrategy strategy) {
    if (strategy == null) {
      throw new IllegalArgumentException("strategy is least_busy or round_robin");
    }
    this.strategy = strategy;
  }

  /** Sets the offer timeout; null goes back to the installation's default, 0 switches it off. */
  public void changeOfferTimeout(Integer seconds) {
    if (seconds != null && (seconds < 0 || seconds > 86_400)) {
      throw new IllegalArgumentException("the offer timeout is 0 to 86400 seconds");
    }
    this.offerSeconds = seconds;
  }

  /** Sets when the department answers. */
  public void changeBusinessHours(BusinessHours hours) {
    String zone = hours.zone().getId();
    this.timeZone = zone;
    this.weeklyHours = hours.weeklyText();
    this.holidays = hours.holidaysText();
    if (weeklyHours != null && weeklyHours.length() > 1000) {
      throw new IllegalArgumentException("too many weekly spans");
    }
    if (holidays != null && holidays.length() > 4000) {
      throw new IllegalArgumentException("too many holidays");
    }
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
