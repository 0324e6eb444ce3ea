package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void wellFormedTextWithLineFeedsTabsAndEmojiIsAcceptable() {
    assertThat(Text.acceptable("你好\n\tthere 😀 👩‍👩‍👧")).isTrue();
    assertThat(Text.acceptable(null)).isTrue();
  }

  @Test
  void aLoneSurrogateIsRefusedWhereverItStands() {
    assertThat(Text.acceptable("\ud800")).isFalse();
    assertThat(Text.acceptable("lone \udfff")).isFalse();
    assertThat(Text.acceptable("ab\ud83d")).isFalse();
    assertThat(Text.acceptable("\ude00\ud83d")).isFalse();
    assertThatThrownBy(() -> Text.checked("x\ud800y", "text"))
        .isInstanceOf(RuleViolation.class)
        .hasMessageContaining("\"text\"")
        .hasMessageContaining("surrogate")
        .extracting(e -> ((RuleViolation) e).code())
        .isEqualTo("bad_request");
  }

  @Test
  void controlCharactersButLineFeedAndTabAreRefused() {
    assertThat(Text.acceptable("a\u0000b")).isFalse();
    assertThat(Text.acceptable("\u001b[31m")).isFalse();
    assertThat(Text.acceptable("x\r\nBcc: evil@example.com")).isFalse();
    assertThat(Text.acceptable("\u007f")).isFalse();
    assertThat(Text.acceptable("\u0085")).isFalse();
    assertThat(Text.acceptable("line\r\nnext", true)).isTrue();
    assertThat(Text.acceptable("nul\u0000", true)).isFalse();
  }

  @Test
  void aCutNeverSplitsAnEmojiOrALetterFromItsMark() throws CharacterCodingException {
    String title = "a".repeat(499) + "😀";
    String cut = Text.clip(title, 500);
    assertThat(cut).isEqualTo("a".repeat(499));
    encodable(cut);

    String family = "x".repeat(8) + "👩‍👩‍👧";
    assertThat(Text.clip(family, 10)).isEqualTo("x".repeat(8));
    assertThat(Text.clip("e\u0301e\u0301", 3)).isEqualTo("e\u0301");
    assertThat(Text.clip("short", 500)).isSameAs("short");
    assertThat(Text.clip(null, 5)).isNull();
  }

  @Test
  void storedLoneSurrogatesAreReplacedSoTheTextCanBeSent() throws CharacterCodingException {
    assertThat(Text.wellFormed("ok 😀")).isEqualTo("ok 😀");
    assertThat(Text.wellFormed("a\ud800b\udfffc😀")).isEqualTo("a\ufffdb\ufffdc😀");
    encodable(Text.wellFormed("end\ud83d"));
  }

  private static void encodable(String text) throws CharacterCodingException {
    StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
  }
}
