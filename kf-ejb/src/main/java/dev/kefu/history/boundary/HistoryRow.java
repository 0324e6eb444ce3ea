package dev.kefu.history.boundary;

import java.time.Duration;
import java.time.Instant;

/**
 * One conversation of the history as the list and the export show it. The visitor's name and e-mail
 * address are decrypted; {@code firstWords} is the visitor's first message.
 */
public record HistoryRow(
    String id,
    Instant createdAt,
    String siteId,
    String siteName,
    String departmentId,
    String departmentName,
    String agentId,
    String agentName,
    String visitorId,
    String visitorName,
    String visitorEmail,
    String state,
    Integer rating,
    String ratingComment,
    Instant assignedAt,
    Instant firstResponseAt,
    Instant closedAt,
    String closedBy,
    long messages,
    String firstWords) {

  /** Seconds from the start until an agent was given it; null if none was. */
  public Long waitSeconds() {
    return seconds(assignedAt);
  }

  /** Seconds from the start until the agent's first answer; null without one. */
  public Long firstResponseSeconds() {
    return seconds(firstResponseAt);
  }

  /** Seconds from the start until it closed; null while open. */
  public Long durationSeconds() {
    return seconds(closedAt);
  }

  private Long seconds(Instant until) {
    return until == null ? null : Duration.between(createdAt, until).getSeconds();
  }
}
