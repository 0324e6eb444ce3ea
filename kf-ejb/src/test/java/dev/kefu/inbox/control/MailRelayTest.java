package dev.kefu.inbox.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.AddressException;
import org.junit.jupiter.api.Test;

/** The relay's own guard: whatever reaches it, a mail goes to one address or to nobody. */
class MailRelayTest {

  @Test
  void oneAddressIsTheOneRecipient() throws AddressException {
    assertThat(MailRelay.single(" wang@example.com ").getAddress()).isEqualTo("wang@example.com");
    assertThat(MailRelay.single("wang@example.com").getPersonal()).isNull();
  }

  @Test
  void aListAGroupADisplayNameOrALineBreakIsRefused() {
    for (String address :
        new String[] {
          "victim@corp.example,x@evil.example",
          "victim@corp.example;x@evil.example",
          "undisclosed:victim@corp.example,x@evil.example;",
          "Victim <x@evil.example>",
          "\"victim@corp.example\" <x@evil.example>",
          "victim@corp.example\r\nBcc: x@evil.example",
          "victim@corp.example\n",
          "victim@corp.example (x@evil.example)",
          "",
        }) {
      assertThatThrownBy(() -> MailRelay.single(address))
          .as(address)
          .isInstanceOf(AddressException.class)
          .hasMessageNotContaining("corp.example");
    }
    assertThatThrownBy(() -> MailRelay.single(null)).isInstanceOf(AddressException.class);
  }
}
