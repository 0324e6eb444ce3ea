package dev.kefu.webhook.entity;

import dev.kefu.setup.entity.Sealed;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.TenantId;

/**
 * A receiver of the tenant's events: where they go, the secret that signs each delivery, and which
 * kinds it wants. The secret is encrypted in the database and shown to admins when it is made.
 */
@Entity
@Table(name = "webhook")
@DynamicUpdate
public class Webhook {

  public static final int MAX_URL = 2000;
  public static final int MAX_DESCRIPTION = 200;

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(nullable = false)
  private String url;

  @Column(nullable = false)
  @Convert(converter = Sealed.class)
  private String secret;

  @Column(nullable = false)
  private String events;

  @Column(nullable = false)
  private boolean enabled;

  private String description;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Webhook() {}

  public Webhook(
      String tenantId,
      String url,
      Collection<WebhookEvent> events,
      boolean enabled,
      String description,
      Instant now) {
    this.id = PublicId.next("wh");
    this.tenantId = tenantId;
    this.secret = newSecret();
    this.createdAt = now;
    change(url, events, enabled, description, now);
  }

  /** Changes where events go, which kinds and whether any go; refuses what cannot be sent to. */
  public void change(
      String url,
      Collection<WebhookEvent> events,
      boolean enabled,
      String description,
      Instant now) {
    this.url = checkedUrl(url);
    this.events = checkedEvents(events);
    this.enabled = enabled;
    String text = description == null ? "" : description.strip();
    if (text.length() > MAX_DESCRIPTION) {
      throw new RuleViolation("text_too_long", "at most 200 characters", "description");
    }
    this.description = text.isEmpty() ? null : text;
    this.updatedAt = now;
  }

  /** A new secret; the old one no longer signs anything. */
  public void rotateSecret(Instant now) {
    this.secret = newSecret();
    this.updatedAt = now;
  }

  public boolean wants(WebhookEvent event) {
    return enabled && events().contains(event);
  }

  public Set<WebhookEvent> events() {
    return Arrays.stream(events.split(","))
        .map(WebhookEvent::ofWire)
        .flatMap(java.util.Optional::stream)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(WebhookEvent.class)));
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public String url() {
    return url;
  }

  public String secret() {
    return secret;
  }

  public boolean enabled() {
    return enabled;
  }

  public String description() {
    return description;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  private static String newSecret() {
    return "whsec_" + PublicId.randomToken(32);
  }

  /** An absolute http or https address with a host, at most 2000 characters, no credentials. */
  static String checkedUrl(String url) {
    String text = url == null ? "" : url.strip();
    if (text.isEmpty() || text.length() > MAX_URL) {
      throw new RuleViolation("url_invalid", "an http or https address is required", "url");
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawFragment() != null) {
        throw new RuleViolation(
            "url_invalid", "an http or https address with a host, without user or #", "url");
      }
      return uri.toString();
    } catch (URISyntaxException wrong) {
      throw new RuleViolation("url_invalid", "not a valid address", "url");
    }
  }

  private static String checkedEvents(Collection<WebhookEvent> events) {
    if (events == null || events.isEmpty() || events.contains(WebhookEvent.PING)) {
      throw new RuleViolation("events_invalid", "choose at least one kind of event", "events");
    }
    return EnumSet.copyOf(events).stream().map(WebhookEvent::wire).collect(Collectors.joining(","));
  }
}
