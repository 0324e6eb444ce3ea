package dev.kefu.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportSecurityTest {

  @Test
  void aPlainGetGoesToThePublicHttpsAddressWithItsPathAndQuery() {
    Optional<String> base =
        TransportSecurity.httpsBase(Optional.of(" https://chat.example/kefu/ "));
    assertThat(base).contains("https://chat.example/kefu");
    assertThat(TransportSecurity.target(base, "evil.example", "/ctx", "/agent/", "a=1&b=%E4"))
        .contains("https://chat.example/kefu/agent/?a=1&b=%E4");
  }

  @Test
  void withoutAPublicAddressItGoesToTheRequestsHostOnTheDefaultPort() {
    assertThat(TransportSecurity.target(Optional.empty(), "chat.example:8080", "", "/x", null))
        .contains("https://chat.example/x");
    assertThat(TransportSecurity.target(Optional.empty(), "[::1]:8080", "/kefu", "/", "q"))
        .contains("https://[::1]/kefu/?q");
  }

  @Test
  void aHostHeaderThatIsNotAPlainHostGivesNoRedirect() {
    assertThat(TransportSecurity.target(Optional.empty(), "evil.example/x", "", "/", null))
        .isEmpty();
    assertThat(TransportSecurity.target(Optional.empty(), "a b", "", "/", null)).isEmpty();
    assertThat(TransportSecurity.target(Optional.empty(), null, "", "/", null)).isEmpty();
  }

  @Test
  void theHealthChecksAreExceptedAndNothingElse() {
    assertThat(TransportSecurity.isHealthCheck("/api/v1/status")).isTrue();
    assertThat(TransportSecurity.isHealthCheck("/health")).isTrue();
    assertThat(TransportSecurity.isHealthCheck("/health/ready")).isTrue();
    assertThat(TransportSecurity.isHealthCheck("/api/v1/status/x")).isFalse();
    assertThat(TransportSecurity.isHealthCheck("/api/v1/statuses")).isFalse();
    assertThat(TransportSecurity.isHealthCheck("/healthy")).isFalse();
    assertThat(TransportSecurity.isHealthCheck("/agent/")).isFalse();
  }

  @Test
  void onlyAnHttpsPublicAddressIsUsed() {
    assertThat(TransportSecurity.httpsBase(Optional.of("http://chat.example"))).isEmpty();
    assertThat(TransportSecurity.httpsBase(Optional.of("HTTPS://chat.example")))
        .contains("HTTPS://chat.example");
    assertThat(TransportSecurity.httpsBase(Optional.of("https://"))).isEmpty();
    assertThat(TransportSecurity.httpsBase(Optional.empty())).isEmpty();
  }
}
