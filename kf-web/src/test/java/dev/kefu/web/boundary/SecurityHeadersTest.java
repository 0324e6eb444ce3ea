package dev.kefu.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.web.boundary.SecurityHeaders.Area;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

  @Test
  void eachPartOfTheApplicationGetsItsOwnPolicy() {
    assertThat(SecurityHeaders.area("/widget.js")).isEqualTo(Area.EMBEDDABLE);
    assertThat(SecurityHeaders.area("/demo/")).isEqualTo(Area.EMBEDDABLE);
    assertThat(SecurityHeaders.area("/api/v1/auth/me")).isEqualTo(Area.API);
    assertThat(SecurityHeaders.area("/admin/sites.xhtml")).isEqualTo(Area.FACES);
    assertThat(SecurityHeaders.area("/jakarta.faces.resource/core.js.xhtml")).isEqualTo(Area.FACES);
    assertThat(SecurityHeaders.area("/agent/")).isEqualTo(Area.CONSOLE);
    assertThat(SecurityHeaders.area("/signin.html")).isEqualTo(Area.CONSOLE);
    assertThat(SecurityHeaders.area("/")).isEqualTo(Area.CONSOLE);
  }

  @Test
  void theConsolePolicyAllowsOnlyKefuItselfAndItsSocket() {
    assertThat(SecurityHeaders.consolePolicy("kefu.example:8443"))
        .contains(
            "script-src 'self';",
            "connect-src 'self' ws://kefu.example:8443 wss://kefu.example:8443;")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe");
  }

  @Test
  void aHostHeaderCannotAddDirectivesToThePolicy() {
    assertThat(SecurityHeaders.consolePolicy("evil.example; script-src *"))
        .doesNotContain("evil", "script-src *")
        .contains("connect-src 'self';");
  }
}
