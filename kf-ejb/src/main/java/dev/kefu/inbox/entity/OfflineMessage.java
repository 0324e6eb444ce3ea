package dev.kefu.inbox.entity;

import dev.kefu.setup.entity.Sealed;
import dev.kefu.shared.EmailAddress;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;
import dev.kefu.tenant.entity.WidgetSettings;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.TenantId;

/**
 * What a visitor left in the widget while nobody could chat: a name, a way to answer (an e-mail
 * address or a phone number) and the message. Stored once per {@code (visitor, clientMsgId)}.
 * Answered once, by e-mail, by a member of staff of its department; the answer stays with it. The
 * name and the contact are encrypted in the database.
 */
@Entity
@Table(name = "offline_message")
@DynamicUpdate
public class OfflineMessage {

  public static final int MAX_NAME = 200;
  public static final int MAX_CONTACT = 320;
  public static final int MAX_TEXT = 4000;

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "site_id", nullable = false)
  private String siteId;

  @Column(name = "department_id", nullable = false)
  private String departmentId;

  @Column(name = "visitor_id", nullable = false)
  private String visitorId;

  @Column(name = "client_msg_id", nullable = false)
  private String clientMsgId;

  @Column(nullable = false)
  @Convert(converter = Sealed.class)
  private String name;

  @Column(nullable = false)
  @Convert(converter = Sealed.class)
  private String contact;

  @Column(nullable = false)
  private String body;

  @Column(name = "page_url")
  private String pageUrl;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "answered_at")
  private Instant answeredAt;

  @Column(name = "answered_by")
  private String answeredBy;

  @Column(name = "answered_by_name")
  private String answeredByName;

  private String answer;

  /** When a member of staff marked it handled some other way (null while it is not). */
  @Column(name = "handled_at")
  private Instant handledAt;

  @Column(name = "handled_by")
  private String handledBy;

  @Column(name = "handled_by_name")
  private String handledByName;

  protected OfflineMessage() {}

  public OfflineMessage(
      String tenantId,
      String siteId,
      String departmentId,
      String visitorId,
      String clientMsgId,
      String name,
      String contact,
      String text,
      String pageUrl,
      Instant now) {
    this.id = PublicId.ordered("o");
    this.tenantId = tenantId;
    this.siteId = siteId;
    this.departmentId = departmentId;
    this.visitorId = visitorId;
    this.clientMsgId = clientMsgId;
    this.name = required(name, "name", MAX_NAME);
    this.contact = required(reachable(contact), "contact", MAX_CONTACT);
    this.body = required(text, "text", MAX_TEXT);
    this.pageUrl = Text.clip(pageUrl, 2000);
    this.createdAt = now;
  }

  /** Records the answer that was sent; a message is answered once. */
  public void answered(String agentId, String agentName, String text, Instant now) {
    if (answeredAt != null) {
      throw new RuleViolation("conflict", "this message has been answered already");
    }
    this.answer = required(text, "text", MAX_TEXT);
    this.answeredBy = agentId;
    this.answeredByName = agentName;
    this.answeredAt = now;
  }

  private static String required(String value, String field, int max) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty()) {
      throw new RuleViolation("bad_request", "\"" + field + "\" is required", field);
    }
    if (text.length() > max) {
      throw new RuleViolation(
          "bad_request", "\"" + field + "\" must be at most " + max + " characters", field);
    }
    return text;
  }

  /**
   * One e-mail address or one phone number, as typed (before spaces around it are dropped): an
   * answer goes there, so nothing else is taken (no second address, no display name, no line break
   * that would add a mail header, not even at the end). Nothing at all is left to {@link
   * #required}.
   */
  private static String reachable(String contact) {
    if (contact != null
        && !contact.isBlank()
        && !EmailAddress.isOne(contact)
        && !WidgetSettings.isPhone(contact)) {
      throw new RuleViolation(
          "bad_request", "\"contact\" must be one e-mail address or one phone number", "contact");
    }
    return contact;
  }

  /**
   * A member of staff dealt with it another way (called the visitor back, say): it leaves the list
   * of open messages, with who marked it and when. Marking it again keeps the first mark.
   */
  public void markHandled(String agentId, String agentName, Instant now) {
    if (handledAt == null) {
      this.handledBy = agentId;
      this.handledByName = agentName;
      this.handledAt = now;
    }
  }

  /** Back to the open messages: the handled mark was a slip. */
  public void reopen() {
    this.handledBy = null;
    this.handledByName = null;
    this.handledAt = null;
  }

  public boolean isHandled() {
    return handledAt != null;
  }

  public Instant handledAt() {
    return handledAt;
  }

  public String handledByName() {
    return handledByName;
  }

  public boolean isAnswered() {
    return answeredAt != null;
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

  public String departmentId() {
    return departmentId;
  }

  public String visitorId() {
    return visitorId;
  }

  public String clientMsgId() {
    return clientMsgId;
  }

  public String name() {
    return name;
  }

  public String contact() {
    return contact;
  }

  public String text() {
    return body;
  }

  public String pageUrl() {
    return pageUrl;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant answeredAt() {
    return answeredAt;
  }

  public String answeredByName() {
    return answeredByName;
  }

  public String answer() {
    return answer;
  }
}
