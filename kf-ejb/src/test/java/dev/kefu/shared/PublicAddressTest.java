package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicAddressTest {

  private static PublicAddress behindProxy(String trustedProxies, String publicUrl) {
    ClientAddress clientAddress = new ClientAddress();
    clientAddress.trustedProxies = Optional.ofNullable(trustedProxies);
    clientAddress.configure();
    PublicAddress address = new PublicAddress();
    address.clientAddress = clientAddress;
    address.publicUrl = Optional.ofNullable(publicUrl);
    return address;
  }

  @Test
  void aTrustedProxyThatEndedTlsMakesTheAddressHttps() {
    // nginx on the same host: plain HTTP to Kefu, X-Forwarded-Proto: https.
    assertThat(
            behindProxy("127.0.0.1", null).of(false, "https", "127.0.0.1", "chat.example.com", ""))
        .isEqualTo("https://chat.example.com");
  }

  @Test
  void anyoneElseSayingHttpsIsNotBelieved() {
    assertThat(
            behindProxy("127.0.0.1", null).of(false, "https", "203.0.113.7", "kefu:8080", "/kefu"))
        .isEqualTo("http://kefu:8080/kefu");
    assertThat(behindProxy(null, null).of(false, "https", "127.0.0.1", "kefu:8080", ""))
        .isEqualTo("http://kefu:8080");
  }

  @Test
  void aTlsConnectionOfItsOwnIsHttps() {
    assertThat(behindProxy(null, null).of(true, null, "203.0.113.7", "kefu:8181", ""))
        .isEqualTo("https://kefu:8181");
  }

  @Test
  void theConfiguredPublicAddressWins() {
    assertThat(
            behindProxy(null, "https://chat.example.com/ ")
                .of(false, null, "10.0.0.5", "10.0.0.9:8080", ""))
        .isEqualTo("https://chat.example.com");
    assertThat(behindProxy(null, " ").of(false, null, "10.0.0.5", "10.0.0.9:8080", ""))
        .isEqualTo("http://10.0.0.9:8080");
  }
}
