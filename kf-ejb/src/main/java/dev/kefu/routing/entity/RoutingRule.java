package dev.kefu.routing.entity;

import dev.kefu.agent.entity.Skills;
import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hibernate.annotations.TenantId;

/**
 * One rule of a site that sends matching visitors' conversations to a department, and may require a
 * skill of the agent who takes them. A site's rules are tried in {@link #position()} order after
 * the visitor's pre-chat choice; the first that matches decides.
 */
@Entity
@Table(name = "routing_rule")
public class RoutingRule {

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "site_id", nullable = false)
  private String siteId;

  @Column(nullable = false)
  private int position;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private RuleKind kind;

  @Column(nullable = false)
  private String pattern;

  @Column(name = "department_id", nullable = false)
  private String departmentId;

  @Column(name = "required_skill")
  private String requiredSkill;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected RoutingRule() {}

  public RoutingRule(
      String tenantId,
      String siteId,
      int position,
      RuleKind kind,
      String pattern,
      String departmentId,
      String requiredSkill,
      Instant now) {
    if (kind == null) {
      throw new IllegalArgumentException("a rule's kind is url or language");
    }
    String problem = patternProblem(kind, pattern);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    this.id = PublicId.next("r");
    this.tenantId = tenantId;
    this.siteId = siteId;
    this.position = position;
    this.kind = kind;
    this.pattern = pattern.strip();
    this.departmentId = departmentId;
    this.requiredSkill =
        requiredSkill == null || requiredSkill.isBlank() ? null : Skills.checked(requiredSkill);
    this.createdAt = now;
  }

  private static final Pattern LANGUAGE_TAG =
      Pattern.compile("[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*");

  /**
   * Why a pattern cannot be one of a rule of this kind, or null when it can: 1 to 500 characters; a
   * URL pattern without spaces that starts with {@code http://}, {@code https://} or {@code *} (it
   * is matched against the whole address, so anything else would never match); a language pattern a
   * language tag such as {@code zh} or {@code zh-CN}.
   */
  public static String patternProblem(RuleKind kind, String pattern) {
    if (pattern == null || pattern.isBlank() || pattern.strip().length() > 500) {
      return "a rule's pattern is 1 to 500 characters";
    }
    String p = pattern.strip();
    if (kind == RuleKind.URL) {
      String lower = p.toLowerCase(Locale.ROOT);
      if (p.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
          || !(lower.startsWith("http://") || lower.startsWith("https://") || p.startsWith("*"))) {
        return "a URL pattern is a whole address with * for any characters, such as"
            + " https://shop.example/pricing* or */help/*";
      }
    } else if (kind == RuleKind.LANGUAGE && !LANGUAGE_TAG.matcher(p).matches()) {
      return "a language pattern is a language tag such as zh or zh-CN";
    }
    return null;
  }

  /** Whether a visitor on this page with this language falls under the rule. */
  public boolean matches(String pageUrl, String locale) {
    return switch (kind) {
      case URL -> pageUrl != null && glob(pattern).matcher(pageUrl).matches();
      case LANGUAGE -> languageMatches(pattern, locale);
    };
  }

  /** {@code *} stands for any characters; everything else for itself, in any letter case. */
  static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    String[] literals = pattern.split("\\*", -1);
    for (int i = 0; i < literals.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      if (!literals[i].isEmpty()) {
        regex.append(Pattern.quote(literals[i]));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  /** {@code zh} matches {@code zh}, {@code zh-CN} and {@code zh_TW}; {@code zh-CN} only itself. */
  static boolean languageMatches(String pattern, String locale) {
    if (locale == null || locale.isBlank()) {
      return false;
    }
    String tag = locale.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    String wanted = pattern.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    return tag.equals(wanted) || tag.startsWith(wanted + "-");
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public String siteId() {
    return siteId;
  }

  public int position() {
    return position;
  }

  public RuleKind kind() {
    return kind;
  }

  public String pattern() {
    return pattern;
  }

  public String departmentId() {
    return departmentId;
  }

  public Optional<String> requiredSkill() {
    return Optional.ofNullable(requiredSkill);
  }
}
