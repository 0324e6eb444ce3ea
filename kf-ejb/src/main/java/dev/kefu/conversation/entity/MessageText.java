package dev.kefu.conversation.entity;

import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;

/**
 * The rules a message's text and client id follow before anything is stored, whichever edge they
 * came through: both are valid text ({@link Text}: no lone UTF-16 surrogate, no control character
 * but line feed and tab, and carriage return in the text), within their lengths.
 */
public final class MessageText {

  public static final int MAX_CLIENT_MSG_ID = 64;

  private MessageText() {}

  /** The trimmed text, 1 to {@value Message#MAX_TEXT} characters. */
  public static String checked(String text) {
    if (text == null) {
      throw new RuleViolation("bad_request", "text is required");
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new RuleViolation("bad_request", "text must not be empty");
    }
    String problem = Text.problemIn(trimmed, true);
    if (problem != null) {
      throw new RuleViolation("bad_request", "text " + problem);
    }
    if (trimmed.codePointCount(0, trimmed.length()) > Message.MAX_TEXT
        || trimmed.length() > Message.MAX_TEXT) {
      throw new RuleViolation(
          "bad_request", "text must be at most " + Message.MAX_TEXT + " characters");
    }
    return trimmed;
  }

  /** The trimmed text that goes with a file: optional (empty for none), at most as long. */
  public static String caption(String text) {
    return text == null || text.isBlank() ? "" : checked(text);
  }

  public static String checkedClientMsgId(String clientMsgId) {
    if (clientMsgId == null || clientMsgId.isBlank()) {
      throw new RuleViolation("bad_request", "clientMsgId is required");
    }
    if (clientMsgId.length() > MAX_CLIENT_MSG_ID) {
      throw new RuleViolation(
          "bad_request", "clientMsgId must be at most " + MAX_CLIENT_MSG_ID + " characters");
    }
    String problem = Text.problemIn(clientMsgId, false);
    if (problem != null) {
      throw new RuleViolation("bad_request", "clientMsgId " + problem);
    }
    return clientMsgId;
  }
}
