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
        new String[] {"{", "", "[]", "42", "\"hello\"", "{}", "{\"type\":7}", "{\"type\":null}"}) {
      assertThatThrownBy(() -> IncomingFrame.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              RuleViolation.class, e -> assertThat(e.code()).isEqualTo("bad_request"));
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
}
