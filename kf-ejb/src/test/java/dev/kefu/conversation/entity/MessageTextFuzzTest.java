package dev.kefu.conversation.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kefu.shared.FuzzText;
import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;

/**
 * Any text is either taken, as valid text within its limits, or refused with a {@link
 * RuleViolation} {@code bad_request}, never with another exception; and what is refused breaks a
 * rule.
 *
 * <p>An input is one byte and then the text, as {@link FuzzText} reads it. That byte modulo 3 picks
 * {@link MessageText#checked} ({@code 0}), {@link MessageText#caption} ({@code 1}) or {@link
 * MessageText#checkedClientMsgId} ({@code 2}); with its high bit set, the text is repeated to about
 * {@value Message#MAX_TEXT} characters (one more repetition with the bit below it), so that the
 * limit is reached.
 */
class MessageTextFuzzTest {

  @FuzzTest
  void textIsTakenOrRefusedAsABadRequest(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int selector = input[0] & 0xff;
    String text = FuzzText.of(input, 1, input.length);
    if ((selector & 0x80) != 0 && !text.isEmpty()) {
      text = text.repeat(Message.MAX_TEXT / text.length() + ((selector & 0x40) != 0 ? 1 : 0));
    }
    switch (selector % 3) {
      case 0 -> checkText(text, false);
      case 1 -> checkText(text, true);
      default -> checkClientMsgId(text);
    }
  }

  private static void checkText(String text, boolean caption) {
    String taken;
    try {
      taken = caption ? MessageText.caption(text) : MessageText.checked(text);
    } catch (RuleViolation refused) {
      assertEquals("bad_request", refused.code());
      String trimmed = text.strip();
      assertTrue(
          trimmed.isEmpty()
              || trimmed.length() > Message.MAX_TEXT
              || !Text.acceptable(trimmed, true),
          () -> "refused: " + text);
      return;
    }
    if (caption && taken.isEmpty()) {
      assertTrue(text.isBlank(), () -> "no caption from: " + text);
      return;
    }
    assertEquals(text.strip(), taken, "not the trimmed text");
    assertFalse(taken.isEmpty(), "empty");
    assertTrue(taken.length() <= Message.MAX_TEXT, "too long");
    assertTrue(Text.acceptable(taken, true), () -> "not valid text: " + taken);
  }

  private static void checkClientMsgId(String id) {
    String taken;
    try {
      taken = MessageText.checkedClientMsgId(id);
    } catch (RuleViolation refused) {
      assertEquals("bad_request", refused.code());
      assertTrue(
          id.isBlank() || id.length() > MessageText.MAX_CLIENT_MSG_ID || !Text.acceptable(id),
          () -> "refused: " + id);
      return;
    }
    assertEquals(id, taken, "not the id itself");
    assertFalse(taken.isBlank(), "blank");
    assertTrue(taken.length() <= MessageText.MAX_CLIENT_MSG_ID, "too long");
    assertTrue(Text.acceptable(taken), () -> "not valid text: " + taken);
  }
}
