package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import org.junit.jupiter.api.Test;

class IncomingFrameTest {

  @Test
  void readsTheTypeAndFields() {
    IncomingFrame frame =
        IncomingFrame.parse(
            "{\"type\":\"read\",\"conversationId\":\"c-1\",\"seq\":14,\"on\":true}");
    assertThat(frame.type()).isEqualTo("read");
    assertThat(frame.string("conversationId")).isEqualTo("c-1");
    assertThat(frame.number("seq")).isEqualTo(14L);
    assertThat(frame.bool("on")).isTrue();
    assertThat(frame.string("missing")).isNull();
  }

  @Test
  void refusesWhatIsNotAFrame() {
    for (String bad :
        new String[] {
          "{", "", "[]", "42", "\"hello\"", "{}", "{\"type\":7}", "{\"type\":null}", "{\"type\":{}}"
        }) {
      // Malformed, so that the endpoint answers it (and ends a socket that sends it first).
      assertThatThrownBy(() -> IncomingFrame.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              IncomingFrame.Malformed.class, e -> assertThat(e.code()).isEqualTo("bad_request"));
    }
  }

  @Test
  void refusesFieldsOfTheWrongKind() {
    IncomingFrame frame =
        IncomingFrame.parse("{\"type\":\"send\",\"text\":5,\"seq\":1.5,\"on\":\"yes\"}");
    assertThatThrownBy(() -> frame.string("text")).isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> frame.number("seq")).isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> frame.bool("on")).isInstanceOf(RuleViolation.class);
  }

  @Test
  void whatTheParserWouldChokeOnIsABadRequestLikeAnyOtherMalformedFrame() {
    for (String bad :
        new String[] {
          "{\"type\":\"send\",\"x\":" + "[".repeat(10_000) + "}",
          "{\"type\":\"send\",\"x\":" + "[".repeat(33) + "]".repeat(33) + "}",
          "{\"type\":\"read\",\"seq\":1e-2147483648}",
          "{\"type\":\"read\",\"seq\":" + "9".repeat(10_000) + "}",
        }) {
      assertThatThrownBy(() -> IncomingFrame.parse(bad))
          .as(bad.substring(0, Math.min(40, bad.length())))
          .isInstanceOfSatisfying(
              IncomingFrame.Malformed.class, e -> assertThat(e.code()).isEqualTo("bad_request"));
    }
    assertThat(
            IncomingFrame.parse("{\"type\":\"x\",\"a\":" + "[".repeat(31) + "]".repeat(31) + "}")
                .type())
        .isEqualTo("x");
    // Brackets inside strings are text, not nesting.
    assertThat(
            IncomingFrame.parse("{\"type\":\"send\",\"text\":\"" + "[".repeat(100) + "\"}")
                .string("text"))
        .hasSize(100);
  }

  @Test
  void numbersBeyondALongAreRefusedRatherThanNarrowed() {
    IncomingFrame frame =
        IncomingFrame.parse(
            "{\"type\":\"rate\",\"score\":18446744073709551619,\"seq\":18446744073709551617,"
                + "\"big\":1e400,\"max\":9223372036854775807}");
    assertThatThrownBy(() -> frame.number("score")).isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> frame.number("seq")).isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> frame.number("big")).isInstanceOf(RuleViolation.class);
    assertThat(frame.number("max")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anyStringOrNameThatIsNotValidTextRefusesTheWholeFrame() {
    for (String bad :
        new String[] {
          "{\"type\":\"send\",\"text\":\"\\ud800\"}",
          "{\"type\":\"send\",\"text\":\"lone \\udfff\"}",
          "{\"type\":\"hello\",\"page\":{\"title\":\"a\\ud83d\"}}",
          "{\"type\":\"send\",\"text\":\"nul \\u0000\"}",
          "{\"type\":\"send\",\"text\":\"esc \\u001b[31m\"}",
          "{\"type\":\"leave_message\",\"contact\":\"x\\r\\nBcc: a@evil.example\"}",
          "{\"type\":\"send\",\"prechat\":{\"fields\":{\"\\ud800\":\"x\"}}}",
          "{\"type\":\"hello\",\"resume\":[{\"conversationId\":\"\\udc00\"}]}",
        }) {
      assertThatThrownBy(() -> IncomingFrame.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              IncomingFrame.Malformed.class, e -> assertThat(e.code()).isEqualTo("bad_request"));
    }
    assertThat(
            IncomingFrame.parse("{\"type\":\"send\",\"text\":\"line\\nnext\\ttab 😀\"}")
                .string("text"))
        .isEqualTo("line\nnext\ttab 😀");
  }

  @Test
  void invalidTextNamesTheFieldItWasIn() {
    assertThatThrownBy(
            () ->
                IncomingFrame.parse(
                    "{\"type\":\"leave_message\",\"clientMsgId\":\"m-1\","
                        + "\"contact\":\"x@corp.example\\r\\nBcc: a@evil.example\"}"))
        .isInstanceOfSatisfying(
            IncomingFrame.Malformed.class,
            e -> {
              assertThat(e.field()).isEqualTo("contact");
              assertThat(e.ref()).isEqualTo("m-1");
            });
  }
}
