package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  static final List<ClientAddress.Range> PROXY = ClientAddress.ranges("10.0.0.5");

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertThat(ClientAddress.resolve("203.0.113.7", List.of("198.51.100.1"), List.of()))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void aPeerThatIsNoTrustedProxyCannotClaimAnotherAddress() {
    assertThat(ClientAddress.resolve("203.0.113.7", List.of("198.51.100.1"), PROXY))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void behindATrustedProxyTheClientIsTheLastAddressItAdded() {
    assertThat(ClientAddress.resolve("10.0.0.5", List.of("198.51.100.1"), PROXY))
        .isEqualTo("198.51.100.1");
    // A client's own X-Forwarded-For comes first; the proxy appends the address it saw.
    assertThat(ClientAddress.resolve("10.0.0.5", List.of("1.2.3.4, 198.51.100.1"), PROXY))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void chainsOfTrustedProxiesAreSkippedFromTheRight() {
    List<ClientAddress.Range> proxies = ClientAddress.ranges("10.0.0.0/8, 192.168.1.1");
    assertThat(
            ClientAddress.resolve(
                "10.1.2.3", List.of("1.2.3.4, 198.51.100.1", "192.168.1.1, 10.9.9.9"), proxies))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void garbageInTheHeaderLeavesTheLastVouchedForAddress() {
    assertThat(ClientAddress.resolve("10.0.0.5", List.of("evil.example, unknown"), PROXY))
        .isEqualTo("10.0.0.5");
    assertThat(ClientAddress.resolve("10.0.0.5", List.of("1.2.3.999"), PROXY))
        .isEqualTo("10.0.0.5");
    assertThat(ClientAddress.resolve("10.0.0.5", List.of(), PROXY)).isEqualTo("10.0.0.5");
  }

  @Test
  void ipv6AddressesAndRangesWork() {
    List<ClientAddress.Range> proxies = ClientAddress.ranges("fd00::/8");
    assertThat(ClientAddress.resolve("fd00::1", List.of("[2001:db8::7]"), proxies))
        .isEqualTo("2001:db8::7");
    assertThat(ClientAddress.resolve("fe80::1", List.of("2001:db8::7"), proxies))
        .isEqualTo("fe80::1");
  }

  @Test
  void rangesMatchByPrefix() {
    ClientAddress.Range range = ClientAddress.ranges("172.16.0.0/12").get(0);
    assertThat(range.contains(ClientAddress.literal("172.31.255.255").orElseThrow())).isTrue();
    assertThat(range.contains(ClientAddress.literal("172.32.0.1").orElseThrow())).isFalse();
    assertThat(range.contains(ClientAddress.literal("::1").orElseThrow())).isFalse();
  }

  @Test
  void aMalformedSettingIsRefusedRatherThanTrustingTooMuch() {
    assertThatThrownBy(() -> ClientAddress.ranges("proxy.internal"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientAddress.ranges("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ClientAddress.ranges("")).isEmpty();
  }
}
