package dev.kefu.tenant.entity;

import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hibernate.annotations.TenantId;

/**
 * A web site of a tenant that embeds the widget. Its public {@code siteKey} names it in the
 * widget's script tag; only pages from its allowed origins may open visitor sockets; its secret
 * signs visitor identities on the site's own back end and never leaves the server.
 */
@Entity
@Table(name = "site")
public class Site {

  public static final int MAX_GREETING = 1000;
  public static final int MAX_NAME = 200;
  static final int MAX_ORIGINS_TEXT = 4000;

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "site_key", nullable = false, unique = true)
  private String siteKey;

  @Column(nullable = false)
  private String name;

  /** Exact origins ({@code scheme://host[:port]}), one per line. */
  @Column(name = "allowed_origins", nullable = false)
  private String allowedOrigins;

  @Column(nullable = false)
  private String greeting;

  @Column(nullable = false)
  private String secret;

  @Column(nullable = false)
  private boolean enabled;

  /** Whether every visitor must present an identity signed with the secret. */
  @Column(name = "identity_required", nullable = false)
  private boolean identityRequired;

  @Column(name = "default_department_id", nullable = false)
  private String defaultDepartmentId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** When an admin deleted the site; null while it exists. A deleted site is never enabled. */
  @Column(name = "deleted_at")
  private Instant deletedAt;

  /** {@link WidgetSettings} as JSON; null for the built-in ones. */
  @Column(name = "widget_settings")
  private String widgetSettings;

  protected Site() {}

  public Site(String tenantId, String name, Department defaultDepartment, Instant now) {
    this.id = PublicId.next("s");
    this.tenantId = tenantId;
    this.siteKey = PublicId.randomToken(12);
    this.name = checkedName(name);
    this.allowedOrigins = "";
    this.greeting = "";
    this.secret = PublicId.randomToken(32);
    this.enabled = true;
    this.defaultDepartmentId = defaultDepartment.id();
    this.createdAt = now;
  }

  /** Gives the site another name: 1 to {@value #MAX_NAME} characters, trimmed. */
  public void rename(String name) {
    this.name = checkedName(name);
  }

  /** Makes another department of the tenant the one that visitors reach when no rule says more. */
  public void routeByDefaultTo(Department department) {
    if (!department.tenantId().equals(tenantId)) {
      throw new RuleViolation(
          "department_unknown", "no such department: " + department.id(), "defaultDepartmentId");
    }
    this.defaultDepartmentId = department.id();
  }

  /**
   * Deletes the site, for good, but keeps its row: the conversations and visitors that name it keep
   * their history. Its widget is refused from now on and no list shows it.
   */
  public void delete(Instant now) {
    this.enabled = false;
    this.deletedAt = now;
  }

  public boolean deleted() {
    return deletedAt != null;
  }

  private static String checkedName(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) {
      throw new RuleViolation("name_missing", "a site needs a name", "name");
    }
    if (trimmed.length() > MAX_NAME) {
      throw new RuleViolation(
          "name_too_long", "a site's name has at most " + MAX_NAME + " characters", "name");
    }
    return trimmed;
  }

  /** Replaces the allowed origins; each must be an exact {@code scheme://host[:port]}. */
  public void allowOrigins(List<String> origins) {
    Set<String> normalized = new LinkedHashSet<>();
    for (String origin : origins) {
      String trimmed = origin.trim();
      if (!trimmed.isEmpty()) {
        normalized.add(normalizeOrigin(trimmed));
      }
    }
    String joined = String.join("\n", normalized);
    if (joined.length() > MAX_ORIGINS_TEXT) {
      throw new RuleViolation(
          "origins_too_long",
          "the allowed origins take more than " + MAX_ORIGINS_TEXT + " characters",
          "allowedOrigins");
    }
    this.allowedOrigins = joined;
  }

  public void changeGreeting(String greeting) {
    String trimmed = greeting == null ? "" : greeting.trim();
    if (trimmed.length() > MAX_GREETING) {
      throw new RuleViolation(
          "greeting_too_long",
          "greeting must be at most " + MAX_GREETING + " characters",
          "greeting");
    }
    this.greeting = trimmed;
  }

  /** Replaces the widget's texts, colours, pre-chat form and proactive greeting. */
  public void changeWidgetSettings(WidgetSettings settings) {
    this.widgetSettings = settings.stored();
  }

  public WidgetSettings widgetSettings() {
    return WidgetSettings.stored(widgetSettings);
  }

  /**
   * Makes identity verification mandatory, or optional again. While it is mandatory, only visitors
   * whose identity the site's own back end signed with the secret may chat.
   */
  public void requireIdentity(boolean required) {
    this.identityRequired = required;
  }

  /**
   * Replaces the secret with a new random one. Identities signed with the old secret stop being
   * accepted at once; the site's back end must sign with the new one.
   */
  public void renewSecret() {
    this.secret = PublicId.randomToken(32);
  }

  /** Whether a browser page from {@code origin} may open a visitor socket for this site. */
  public boolean allowsOrigin(String origin) {
    if (origin == null || origin.isBlank()) {
      return false;
    }
    String candidate;
    try {
      candidate = normalizeOrigin(origin.trim());
    } catch (RuleViolation notAnOrigin) {
      return false;
    }
    return allowedOrigins().contains(candidate);
  }

  public List<String> allowedOrigins() {
    if (allowedOrigins.isBlank()) {
      return List.of();
    }
    return Arrays.stream(allowedOrigins.split("\n")).filter(s -> !s.isBlank()).toList();
  }

  /** Whether the text is an origin an admin may allow: {@code scheme://host[:port]} exactly. */
  public static boolean isOrigin(String text) {
    try {
      normalizeOrigin(text == null ? "" : text.strip());
      return true;
    } catch (RuleViolation notOne) {
      return false;
    }
  }

  /**
   * The canonical form of an origin: lower-case scheme and host, the port only when it is not the
   * scheme's default. Anything with a path, query, user info or wildcard is refused.
   */
  static String normalizeOrigin(String origin) {
    URI uri;
    try {
      uri = URI.create(origin);
    } catch (IllegalArgumentException e) {
      throw new RuleViolation("origin_invalid", "not an origin: " + origin, "allowedOrigins");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new RuleViolation(
          "origin_invalid",
          "an origin must start with http:// or https://: " + origin,
          "allowedOrigins");
    }
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
      throw new RuleViolation(
          "origin_invalid", "an origin is scheme://host[:port] only: " + origin, "allowedOrigins");
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || ("http".equals(scheme) && port == 80)
            || ("https".equals(scheme) && port == 443);
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public String siteKey() {
    return siteKey;
  }

  public String name() {
    return name;
  }

  public String greeting() {
    return greeting;
  }

  /** The HMAC key for visitor identities; never sent to a browser or written to a log. */
  public String secret() {
    return secret;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean identityRequired() {
    return identityRequired;
  }

  public String defaultDepartmentId() {
    return defaultDepartmentId;
  }
}
