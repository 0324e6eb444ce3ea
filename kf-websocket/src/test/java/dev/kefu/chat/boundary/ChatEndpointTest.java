package dev.kefu.chat.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatEndpointTest {

  @Test
  void aLongUnknownTypeIsCutWithoutSplittingACharacter() {
    assertThat(ChatEndpoint.clip("short")).isEqualTo("short");
    assertThat(ChatEndpoint.clip("y".repeat(41))).isEqualTo("y".repeat(40) + "…");
    // The emoji's surrogate pair straddles the cut: it goes whole, not half.
    assertThat(ChatEndpoint.clip("x".repeat(39) + "😀")).isEqualTo("x".repeat(39) + "…");
  }
}
