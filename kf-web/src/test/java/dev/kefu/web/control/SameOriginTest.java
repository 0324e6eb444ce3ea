package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SameOriginTest {

  @Test
  void anOriginOnTheSameHostAndPortIsThisServer() {
    assertThat(SameOrigin.matches("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
    assertThat(SameOrigin.matches("https://Kefu.Example", "kefu.example")).isTrue();
    assertThat(SameOrigin.matches("https://kefu.example", "kefu.example:443")).isTrue();
    assertThat(SameOrigin.matches("http://kefu.example:8080/agent/?x=1", "kefu.example:8080"))
        .as("a Referer")
        .isTrue();
  }

  @Test
  void behindAProxyThatEndsTlsTheSchemeDoesNotMatter() {
    assertThat(SameOrigin.matches("https://kefu.example", "kefu.example")).isTrue();
    assertThat(SameOrigin.matches("http://kefu.example", "kefu.example")).isTrue();
  }

  @Test
  void anotherHostPortOrSomethingElseIsNot() {
    assertThat(SameOrigin.matches("https://evil.example", "kefu.example")).isFalse();
    assertThat(SameOrigin.matches("https://kefu.example.evil.example", "kefu.example")).isFalse();
    assertThat(SameOrigin.matches("http://127.0.0.1:8081", "127.0.0.1:8080")).isFalse();
    assertThat(SameOrigin.matches("null", "kefu.example")).isFalse();
    assertThat(SameOrigin.matches("file:///etc/passwd", "kefu.example")).isFalse();
    assertThat(SameOrigin.matches("https://kefu.example", null)).isFalse();
    assertThat(SameOrigin.matches(null, "kefu.example")).isFalse();
    assertThat(SameOrigin.matches("http://[::1]:8080", "[::1]:8080")).isTrue();
    assertThat(SameOrigin.matches("not a url", "kefu.example")).isFalse();
  }
}
