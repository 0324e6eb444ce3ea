package dev.kefu.conversation.entity;

import dev.kefu.setup.entity.Sealed;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.TenantId;

/**
 * A visitor's conversation with the site's staff. Guards the message sequence: every message takes
 * the next {@code seq} from {@link #nextSeq()}, under a row lock held by the writer, so {@code seq}
 * starts at 1 and grows by exactly 1 whichever node writes. Messages are their own aggregate
 * ({@link Message}); a conversation does not hold them.
 */
@Entity
@Table(name = "conversation")
@DynamicUpdate
public class Conversation {

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

  @Column(name = "agent_id")
  private String agentId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private ConversationState state;

  @Column(name = "last_seq", nullable = false)
  private long lastSeq;

  @Column(name = "visitor_read_seq", nullable = false)
  private long visitorReadSeq;

  @Column(name = "agent_read_seq", nullable = false)
  private long agentReadSeq;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "assigned_at")
  private Instant assignedAt;

  @Column(name = "first_response_at")
  private Instant firstResponseAt;

  @Column(name = "closed_at")
  private Instant closedAt;

  @Column(name = "closed_by")
  private String closedBy;

  /** Only agents with this skill may take the conversation; null when anyone may. */
  @Column(name = "required_skill")
  private String requiredSkill;

  /** When the current agent was given the conversation, until they first answer it. */
  @Column(name = "offered_at")
  private Instant offeredAt;

  /** Comma-separated agents who let an offer of this conversation time out. */
  @Column(name = "declined_by", nullable = false)
  private String declinedBy = "";

  /**
   * The visitor's pre-chat fields other than name and e-mail, as a JSON object; null if none.
   * Encrypted in the database.
   */
  @Column(name = "prechat")
  @Convert(converter = Sealed.class)
  private String prechat;

  @Column(name = "rating_score")
  private Integer ratingScore;

  @Column(name = "rating_comment")
  private String ratingComment;

  @Column(name = "rated_at")
  private Instant ratedAt;

  public static final int MAX_RATING_COMMENT = 1000;

  protected Conversation() {}

  public Conversation(
      String tenantId, String siteId, String departmentId, String visitorId, Instant now) {
    this.id = PublicId.ordered("c");
    this.tenantId = tenantId;
    this.siteId = siteId;
    this.departmentId = departmentId;
    this.visitorId = visitorId;
    this.state = ConversationState.QUEUED;
    this.createdAt = now;
  }

  /** Takes the next sequence number for a message; the caller holds this row's lock. */
  public long nextSeq() {
    requireOpen();
    return ++lastSeq;
  }

  /** Hands the conversation to an agent. */
  public void assignTo(String agentId, Instant now) {
    requireOpen();
    if (agentId.equals(this.agentId)) {
      throw new RuleViolation("conflict", "conversation is already assigned to this agent");
    }
    this.agentId = agentId;
    this.state = ConversationState.ASSIGNED;
    this.assignedAt = now;
    this.offeredAt = now;
  }

  /** Only agents with this skill may take the conversation from now on; null lets anyone. */
  public void requireSkill(String skill) {
    this.requiredSkill = skill;
  }

  /**
   * The current agent let the offer time out: they are not offered this conversation again. The
   * caller then gives it to another agent.
   */
  public void offerTimedOut() {
    if (state != ConversationState.ASSIGNED || offeredAt == null) {
      throw new RuleViolation("conflict", "the conversation is not waiting for its agent");
    }
    Set<String> declined = declinedBy();
    declined.add(agentId);
    String joined = String.join(",", declined);
    // The column holds about 80 agents; beyond that the earliest may be offered it again.
    while (joined.length() > 2000) {
      joined = joined.substring(joined.indexOf(',') + 1);
    }
    this.declinedBy = joined;
  }

  /** Agents who let an offer of this conversation time out. */
  public Set<String> declinedBy() {
    Set<String> agents = new LinkedHashSet<>();
    for (String agent : declinedBy.split(",")) {
      if (!agent.isBlank()) {
        agents.add(agent);
      }
    }
    return agents;
  }

  /** When the current agent was given it, while they have not answered it yet. */
  public Optional<Instant> offeredAt() {
    return Optional.ofNullable(offeredAt);
  }

  public Optional<String> requiredSkill() {
    return Optional.ofNullable(requiredSkill);
  }

  public Optional<Instant> assignedAt() {
    return Optional.ofNullable(assignedAt);
  }

  public Optional<Instant> closedAt() {
    return Optional.ofNullable(closedAt);
  }

  /** Puts the conversation back in line, in the given department, with no agent. */
  public void requeueIn(String departmentId) {
    requireOpen();
    this.departmentId = departmentId;
    this.agentId = null;
    this.state = ConversationState.QUEUED;
    this.offeredAt = null;
  }

  /** Notes an agent's message, which is the first response if none came before. */
  public void answeredByAgent(Instant now) {
    offeredAt = null;
    if (firstResponseAt == null) {
      firstResponseAt = now;
    }
  }

  /**
   * Ends the conversation. One that no agent ever answered becomes {@link
   * ConversationState#MISSED}.
   */
  public void close(String by, Instant now) {
    requireOpen();
    this.state =
        firstResponseAt == null && agentId == null
            ? ConversationState.MISSED
            : ConversationState.CLOSED;
    this.closedAt = now;
    this.closedBy = by;
  }

  /** Keeps what the visitor filled in the pre-chat form (JSON), other than name and e-mail. */
  public void takePrechat(String fieldsJson) {
    this.prechat = fieldsJson;
  }

  /**
   * The visitor's rating, 1 to 5 stars and an optional comment. Only once the conversation has
   * closed, and only when an agent took it: a missed conversation had nobody to rate. A later
   * rating replaces the earlier one, so a visitor can correct a slip.
   */
  public void rate(int score, String comment, Instant now) {
    if (state != ConversationState.CLOSED) {
      throw new RuleViolation(
          "bad_request",
          state.isOpen()
              ? "a conversation is rated when it has closed"
              : "a conversation nobody answered cannot be rated");
    }
    if (score < 1 || score > 5) {
      throw new RuleViolation("bad_request", "score is 1 to 5");
    }
    String text = comment == null ? "" : comment.strip();
    if (text.length() > MAX_RATING_COMMENT) {
      throw new RuleViolation(
          "bad_request", "the comment must be at most " + MAX_RATING_COMMENT + " characters");
    }
    this.ratingScore = score;
    this.ratingComment = text.isEmpty() ? null : text;
    this.ratedAt = now;
  }

  /** Records how far a side has read; reading never goes backwards or past the last message. */
  public void readBy(SenderType reader, long seq) {
    long bounded = Math.min(seq, lastSeq);
    if (reader == SenderType.VISITOR) {
      visitorReadSeq = Math.max(visitorReadSeq, bounded);
    } else {
      agentReadSeq = Math.max(agentReadSeq, bounded);
    }
  }

  public boolean isAssignedTo(String agentId) {
    return agentId != null && agentId.equals(this.agentId);
  }

  public boolean isOpen() {
    return state.isOpen();
  }

  private void requireOpen() {
    if (!state.isOpen()) {
      throw new RuleViolation("conversation_closed", "the conversation is closed");
    }
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

  public String agentId() {
    return agentId;
  }

  public ConversationState state() {
    return state;
  }

  public long lastSeq() {
    return lastSeq;
  }

  /** The highest seq the agent has read, so that a console can count what is still unread. */
  /** The highest seq the visitor has marked read. */
  public long visitorReadSeq() {
    return visitorReadSeq;
  }

  public long agentReadSeq() {
    return agentReadSeq;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String closedBy() {
    return closedBy;
  }

  /**
   * The pre-chat fields other than name and e-mail, as a JSON object; null when there were none.
   */
  public String prechat() {
    return prechat;
  }

  /** The visitor's stars, 1 to 5; null while unrated. */
  public Integer ratingScore() {
    return ratingScore;
  }

  public String ratingComment() {
    return ratingComment;
  }
}
