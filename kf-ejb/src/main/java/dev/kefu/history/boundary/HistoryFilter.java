package dev.kefu.history.boundary;

import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.shared.RuleViolation;
import java.time.Instant;

/**
 * What the history is searched by; every part is optional ({@code null} or blank: not filtered).
 *
 * @param from conversations started at or after this instant
 * @param to conversations started before this instant
 * @param visitor a visitor's id, exact name (any case and spacing), e-mail address or the site's
 *     user id
 * @param rating 1 to 5, or 0 for conversations without a rating
 * @param words words of the messages, all of them in one message
 */
public record HistoryFilter(
    Instant from,
    Instant to,
    String siteId,
    String departmentId,
    String agentId,
    String visitor,
    Integer rating,
    ConversationState state,
    String words) {

  public static final int MAX_TEXT = 200;

  /** No filter: every conversation of the tenant. */
  public static final HistoryFilter NONE =
      new HistoryFilter(null, null, null, null, null, null, null, null, null);

  public HistoryFilter {
    siteId = blankless(siteId);
    departmentId = blankless(departmentId);
    agentId = blankless(agentId);
    visitor = blankless(visitor);
    words = blankless(words);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new RuleViolation("history_range", "the start must be before the end", "from");
    }
    if (rating != null && (rating < 0 || rating > 5)) {
      throw new RuleViolation("history_rating", "a rating is 0 (none) to 5", "rating");
    }
    if (visitor != null && visitor.length() > MAX_TEXT) {
      throw new RuleViolation("history_text", "at most " + MAX_TEXT + " characters", "visitor");
    }
    if (words != null && words.length() > MAX_TEXT) {
      throw new RuleViolation("history_text", "at most " + MAX_TEXT + " characters", "words");
    }
  }

  private static String blankless(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
