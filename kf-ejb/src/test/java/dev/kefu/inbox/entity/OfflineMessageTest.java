package dev.kefu.inbox.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OfflineMessageTest {

  private static OfflineMessage leftWith(String contact) {
    return new OfflineMessage(
        "t-1",
        "s-1",
        "d-1",
        "v-1",
        "m-1",
        "Wang Fang",
        contact,
        "Please call me back.",
        null,
        Instant.EPOCH);
  }

  @Test
  void oneAddressOrOnePhoneNumberIsKeptWithoutTheSpacesAroundIt() {
    assertThat(leftWith(" wang@example.com ").contact()).isEqualTo("wang@example.com");
    assertThat(leftWith("+86 21 5555 0000").contact()).isEqualTo("+86 21 5555 0000");
  }

  @Test
  void anythingMoreIsRefusedNamingTheContactField() {
    for (String contact :
        new String[] {
          "victim@corp.example,x@evil.example",
          "victim@corp.example;x@evil.example",
          "undisclosed:victim@corp.example,x@evil.example;",
          "Victim <x@evil.example>",
          "victim@corp.example\r\nBcc: x@evil.example",
          "victim@corp.example\n",
          "+86 21 5555 0000\n",
          "call me maybe",
        }) {
      assertThatThrownBy(() -> leftWith(contact))
          .as(contact)
          .isInstanceOfSatisfying(
              RuleViolation.class,
              refused -> {
                assertThat(refused.code()).isEqualTo("bad_request");
                assertThat(refused.field()).isEqualTo("contact");
              });
    }
  }

  @Test
  void noContactIsRefusedAsRequired() {
    assertThatThrownBy(() -> leftWith("  "))
        .isInstanceOfSatisfying(
            RuleViolation.class,
            refused -> {
              assertThat(refused.getMessage()).contains("required");
              assertThat(refused.field()).isEqualTo("contact");
            });
  }
}
