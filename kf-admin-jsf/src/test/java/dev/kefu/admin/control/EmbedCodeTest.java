package dev.kefu.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbedCodeTest {

  @Test
  void loadsTheWidgetFromThisInstallationForTheSiteKey() {
    assertThat(EmbedCode.of("https://chat.example.com/kefu", "k3yAbc"))
        .isEqualTo(
            "<script async src=\"https://chat.example.com/kefu/widget.js\""
                + " data-site=\"k3yAbc\"></script>");
  }

  @Test
  void aBaseEndingInASlashGivesNoDoubleSlash() {
    assertThat(EmbedCode.of("http://127.0.0.1:8080/", "k"))
        .contains("src=\"http://127.0.0.1:8080/widget.js\"");
  }
}
