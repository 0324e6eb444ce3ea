package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatLimitsTest {

  @Test
  void aFrameIsMeasuredInUtf8BytesNotCharacters() {
    assertThat(ChatLimits.overLimit("a".repeat(16), 16)).isFalse();
    assertThat(ChatLimits.overLimit("a".repeat(17), 16)).isTrue();
    // Six Chinese characters are 18 bytes in UTF-8.
    assertThat(ChatLimits.overLimit("客服客服客服", 17)).isTrue();
    assertThat(ChatLimits.overLimit("客服客服客服", 18)).isFalse();
  }

  @Test
  void shortFramesAreNeverOver() {
    assertThat(ChatLimits.overLimit("", 16_384)).isFalse();
    assertThat(ChatLimits.overLimit("客".repeat(5_461), 16_384)).isFalse();
    assertThat(ChatLimits.overLimit("客".repeat(5_462), 16_384)).isTrue();
  }
}
