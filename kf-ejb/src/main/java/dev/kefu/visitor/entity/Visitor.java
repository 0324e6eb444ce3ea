package dev.kefu.visitor.entity;

import dev.kefu.setup.entity.Sealed;
import dev.kefu.shared.DataCipher;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.TenantId;

/**
 * Someone chatting from a site's pages: anonymous, or identified by the site's own user id when the
 * site vouches for it. Keeps what an agent needs to know about where the visitor is.
 *
 * <p>Who the visitor is (the site's user id, name and e-mail address) is encrypted in the database
 * ({@link Sealed}); the user id and the e-mail address are found by their keyed hashes ({@link
 * DataCipher#index}), which every change of them keeps in step.
 */
@Entity
@Table(name = "visitor")
@DynamicUpdate
public class Visitor {

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "site_id", nullable = false)
  private String siteId;

  @Column(name = "external_user_id")
  @Convert(converter = Sealed.class)
  private String externalUserId;

  /** The keyed hash of {@link #externalUserId}, by which a site's user is found again. */
  @Column(name = "external_user_index")
  private String externalUserIndex;

  @Convert(converter = Sealed.class)
  private String name;

  @Convert(converter = Sealed.class)
  private String email;

  /**
   * The keyed hash of the name as typed, normalised ({@link #nameKey}), for the exact-name search.
   */
  @Column(name = "name_index")
  private String nameIndex;

  /** The keyed hash of the e-mail address in lower case ({@link #emailKey}). */
  @Column(name = "email_index")
  private String emailIndex;

  private String locale;
  private String device;
  private String browser;

  @Column(name = "user_agent")
  private String userAgent;

  private String referrer;

  @Column(name = "page_url")
  private String pageUrl;

  @Column(name = "page_title")
  private String pageTitle;

  @Column(nullable = false)
  private int visits;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "last_seen_at", nullable = false)
  private Instant lastSeenAt;

  /** When the visitor's last socket closed; null while one is open. */
  @Column(name = "disconnected_at")
  private Instant disconnectedAt;

  /** When the current visit began: the first arrival after {@link #VISIT_GAP} of quiet. */
  @Column(name = "visit_started_at")
  private Instant visitStartedAt;

  /** The member of staff who last invited the visitor to chat; null when none did. */
  @Column(name = "invited_by")
  private String invitedBy;

  @Column(name = "invited_at")
  private Instant invitedAt;

  /** The longest user id of a site's own that a visitor keeps; a longer one is cut to it. */
  public static final int MAX_EXTERNAL_USER_ID = 200;

  /** How long an invitation to chat stands: a visitor who answers later is routed as anyone. */
  public static final Duration INVITATION_STANDS = Duration.ofMinutes(30);

  /** Quiet time after which a visitor's next arrival counts as a new visit. */
  public static final Duration VISIT_GAP = Duration.ofMinutes(30);

  protected Visitor() {}

  public Visitor(String tenantId, String siteId, Instant now) {
    this.id = PublicId.ordered("v");
    this.tenantId = tenantId;
    this.siteId = siteId;
    this.visits = 0;
    this.createdAt = now;
    this.lastSeenAt = now;
  }

  /**
   * Records a new connection from a browser. A visit is what web analytics call one: a reload, a
   * second tab or a reconnect within {@link #VISIT_GAP} of the last sign of life is the same visit.
   */
  public void arrive(VisitorContext context, Instant now) {
    if (visits == 0 || lastSeenAt.plus(VISIT_GAP).isBefore(now)) {
      this.visits++;
      this.visitStartedAt = now;
    }
    if (visitStartedAt == null) {
      this.visitStartedAt = now;
    }
    this.lastSeenAt = now;
    this.disconnectedAt = null;
    if (context.locale() != null) {
      this.locale = clip(context.locale(), 35);
    }
    if (context.device() != null) {
      this.device = context.device();
    }
    if (context.browser() != null) {
      this.browser = clip(context.browser(), 64);
    }
    if (context.userAgent() != null) {
      this.userAgent = clip(context.userAgent(), 512);
    }
    if (context.referrer() != null && !context.referrer().isBlank()) {
      this.referrer = clip(context.referrer(), 2000);
    }
    if (context.pageUrl() != null) {
      viewPage(context.pageUrl(), context.pageTitle(), now);
    }
  }

  public void viewPage(String url, String title, Instant now) {
    this.pageUrl = clip(url, 2000);
    this.pageTitle = clip(title, 500);
    this.lastSeenAt = now;
  }

  /** Takes the identity the site vouched for; {@code cipher} keeps the lookups' hashes. */
  public void identify(String externalUserId, String name, String email, DataCipher cipher) {
    this.externalUserId = clip(externalUserId, MAX_EXTERNAL_USER_ID);
    this.externalUserIndex = cipher.index(userKey(this.externalUserId));
    if (name != null && !name.isBlank()) {
      this.name = clip(name.trim(), 200);
      this.nameIndex = cipher.index(nameKey(this.name));
    }
    if (email != null && !email.isBlank()) {
      this.email = clip(email.trim(), 320);
      this.emailIndex = cipher.index(emailKey(this.email));
    }
  }

  /**
   * Takes the name and e-mail the visitor typed into the pre-chat form; an identity the site
   * vouched for is not overwritten by what the visitor typed.
   */
  public void introduce(String name, String email, DataCipher cipher) {
    if (name != null && !name.isBlank() && (externalUserId == null || this.name == null)) {
      this.name = clip(name.strip(), 200);
      this.nameIndex = cipher.index(nameKey(this.name));
    }
    if (email != null && !email.isBlank() && (externalUserId == null || this.email == null)) {
      this.email = clip(email.strip(), 320);
      this.emailIndex = cipher.index(emailKey(this.email));
    }
  }

  /** An e-mail address as it is hashed for a lookup: trimmed, in lower case. */
  public static String emailKey(String email) {
    return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * A name as it is hashed for the back office's exact-name search: trimmed, runs of white space
   * made one space, in lower case ("Alice Brown" finds "alice brown").
   */
  public static String nameKey(String name) {
    return name == null ? null : name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** A site's user id as it is hashed for a lookup: exactly as the site gave it (clipped). */
  public static String userKey(String externalUserId) {
    return clip(externalUserId, MAX_EXTERNAL_USER_ID);
  }

  private static String clip(String value, int max) {
    return Text.clip(value, max);
  }

  /**
   * The visitor's last socket closed: the page was closed, or the network went; a new arrival ends
   * it.
   */
  public void lostConnection(Instant now) {
    this.disconnectedAt = now;
  }

  /** A member of staff invited the visitor to chat at {@code now}. */
  public void invitedBy(String agentId, Instant now) {
    this.invitedBy = agentId;
    this.invitedAt = now;
  }

  /** The member of staff whose invitation to chat still stands at {@code now}. */
  public Optional<String> invitationAt(Instant now) {
    return invitedBy != null && invitedAt != null && invitedAt.plus(INVITATION_STANDS).isAfter(now)
        ? Optional.of(invitedBy)
        : Optional.empty();
  }

  /** The visitor answered (or the invitation is spent): it no longer stands. */
  public void invitationAnswered() {
    this.invitedBy = null;
    this.invitedAt = null;
  }

  /**
   * When the current visit began; the first sign of life for a visitor seen before this was kept.
   */
  public Instant visitStartedAt() {
    return visitStartedAt == null ? createdAt : visitStartedAt;
  }

  public Instant lastSeenAt() {
    return lastSeenAt;
  }

  public Optional<Instant> disconnectedAt() {
    return Optional.ofNullable(disconnectedAt);
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

  public String externalUserId() {
    return externalUserId;
  }

  /** The visitor's name as an agent sees it. */
  public String name() {
    return name;
  }

  public String email() {
    return email;
  }

  public String locale() {
    return locale;
  }

  public String device() {
    return device;
  }

  public String browser() {
    return browser;
  }

  public String referrer() {
    return referrer;
  }

  public String pageUrl() {
    return pageUrl;
  }

  public String pageTitle() {
    return pageTitle;
  }

  public int visits() {
    return visits;
  }
}
