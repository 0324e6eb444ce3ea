package dev.kefu.canned.entity;

import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.regex.Pattern;
import org.hibernate.annotations.TenantId;

/**
 * A ready answer an agent inserts by its shortcut ({@code /ship}). Personal ones belong to one
 * agent and only that agent sees them; shared ones (no owner) are the tenant's, seen by all its
 * staff; a department's (no owner, a department) are seen by the department's members. Guards its
 * shortcut (letters, digits, {@code - _ .}, at most 32) and its text (what a message may hold), so
 * a reply can always be sent as it is.
 */
@Entity
@Table(name = "canned_reply")
public class CannedReply {

  public static final String SHARED = "shared";
  private static final Pattern SHORTCUT = Pattern.compile("[\\p{L}\\p{N}_.-]{1,32}");
  private static final int MAX_TEXT = 4000;

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "owner_id")
  private String ownerId;

  /** The department whose members share the reply; null for a personal or tenant-wide one. */
  @Column(name = "department_id")
  private String departmentId;

  @Column(name = "scope_key", nullable = false)
  private String scopeKey;

  @Column(nullable = false)
  private String shortcut;

  @Column(nullable = false)
  private String body;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected CannedReply() {}

  /** A reply of {@code ownerId}, or a shared one when {@code ownerId} is null. */
  public CannedReply(String tenantId, String ownerId, String shortcut, String text, Instant now) {
    this.id = PublicId.next("r");
    this.tenantId = tenantId;
    this.ownerId = ownerId;
    this.scopeKey = ownerId == null ? SHARED : ownerId;
    this.createdAt = now;
    change(shortcut, text, now);
  }

  /** A reply shared by the members of a department of the tenant. */
  public static CannedReply ofDepartment(
      String tenantId, String departmentId, String shortcut, String text, Instant now) {
    CannedReply reply = new CannedReply(tenantId, null, shortcut, text, now);
    reply.departmentId = departmentId;
    reply.scopeKey = departmentId;
    return reply;
  }

  public void change(String shortcut, String text, Instant now) {
    String checkedShortcut = checkedShortcut(shortcut);
    String checkedText = checkedText(text);
    this.shortcut = checkedShortcut;
    this.body = checkedText;
    this.updatedAt = now;
  }

  /** The shortcut without a leading slash, as stored and matched. */
  public static String checkedShortcut(String shortcut) {
    String s = shortcut == null ? "" : shortcut.strip();
    if (s.startsWith("/")) {
      s = s.substring(1);
    }
    if (!SHORTCUT.matcher(s).matches()) {
      throw new RuleViolation(
          "bad_request", "shortcut must be 1 to 32 letters, digits, '-', '_' or '.'", "shortcut");
    }
    return s;
  }

  private static String checkedText(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty() || t.length() > MAX_TEXT) {
      throw new RuleViolation(
          "bad_request", "text must be 1 to " + MAX_TEXT + " characters", "text");
    }
    return t;
  }

  /** Shared, by the whole tenant or by a department: not one agent's own. */
  public boolean isShared() {
    return ownerId == null;
  }

  /** The department that shares the reply; null for a personal or tenant-wide one. */
  public String departmentId() {
    return departmentId;
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public String ownerId() {
    return ownerId;
  }

  public String scopeKey() {
    return scopeKey;
  }

  public String shortcut() {
    return shortcut;
  }

  public String text() {
    return body;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
