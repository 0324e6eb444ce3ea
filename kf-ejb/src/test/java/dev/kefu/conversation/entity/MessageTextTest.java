package dev.kefu.conversation.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import org.junit.jupiter.api.Test;

class MessageTextTest {

  @Test
  void trimsAndKeepsOneToFourThousandCharacters() {
    assertThat(MessageText.checked("  hi \n")).isEqualTo("hi");
    assertThat(MessageText.checked("字".repeat(4000))).hasSize(4000);
    assertThatThrownBy(() -> MessageText.checked(" \t\n ")).isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> MessageText.checked(null)).isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> MessageText.checked("x".repeat(4001)))
        .isInstanceOf(RuleViolation.class)
        .hasMessageContaining("4000");
  }

  @Test
  void refusesWhatIsNotValidTextWhicheverEdgeItCameThrough() {
    for (String bad :
        new String[] {
          "a\ud800b", "lone \udfff", "bell \u0007", "\u0006", "nul \u0000", "csi \u009b"
        }) {
      assertThatThrownBy(() -> MessageText.checked(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              RuleViolation.class, e -> assertThat(e.code()).isEqualTo("bad_request"));
      assertThatThrownBy(() -> MessageText.caption(bad)).as(bad).isInstanceOf(RuleViolation.class);
      assertThatThrownBy(() -> MessageText.checkedClientMsgId(bad))
          .as(bad)
          .isInstanceOf(RuleViolation.class);
    }
    assertThat(MessageText.checked("line\r\nnext\ttab 😀")).isEqualTo("line\r\nnext\ttab 😀");
    assertThat(MessageText.checkedClientMsgId("m-😀")).isEqualTo("m-😀");
  }

  @Test
  void needsAClientMessageIdOfReasonableLength() {
    assertThat(MessageText.checkedClientMsgId("3f6c9a2e-1")).isEqualTo("3f6c9a2e-1");
    assertThatThrownBy(() -> MessageText.checkedClientMsgId("")).isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> MessageText.checkedClientMsgId("x".repeat(65)))
        .isInstanceOf(RuleViolation.class);
  }
}
