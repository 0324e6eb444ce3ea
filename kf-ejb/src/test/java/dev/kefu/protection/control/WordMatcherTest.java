package dev.kefu.protection.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordMatcherTest {

  @Test
  void chineseWordsAreFoundInsideTextWithoutSpaces() {
    WordMatcher matcher = WordMatcher.of(List.of("发票", "刷单"));
    assertThat(matcher.matches("你好，我想要开发票可以吗")).isTrue();
    assertThat(matcher.mask("你好，我想要开发票可以吗")).isEqualTo("你好，我想要开＊＊可以吗");
    assertThat(matcher.mask("刷单刷单")).isEqualTo("＊＊＊＊");
    assertThat(matcher.matches("发货了吗")).isFalse();
  }

  @Test
  void latinWordsMatchWithoutCaseButOnlyAsWholeWords() {
    WordMatcher matcher = WordMatcher.of(List.of("Scam", "free money"));
    assertThat(matcher.mask("This is a SCAM!")).isEqualTo("This is a ＊＊＊＊!");
    assertThat(matcher.mask("get FREE Money now")).isEqualTo("get ＊＊＊＊＊＊＊＊＊＊ now");
    assertThat(matcher.matches("scammer")).isFalse();
    assertThat(matcher.matches("antiscam")).isFalse();
    assertThat(matcher.matches("骗局scam骗局")).isTrue();
  }

  @Test
  void overlappingAndNestedWordsAreAllMasked() {
    WordMatcher matcher = WordMatcher.of(List.of("she", "he", "hers", "傻瓜", "瓜子"));
    assertThat(matcher.mask("ushers")).isEqualTo("ushers");
    assertThat(WordMatcher.of(List.of("傻瓜", "瓜子")).mask("傻瓜子")).isEqualTo("＊＊＊");
    assertThat(WordMatcher.of(List.of("abcd", "bc")).mask("x abcd y")).isEqualTo("x ＊＊＊＊ y");
  }

  @Test
  void aWordFoundOnlyThroughAFailureLinkIsFound() {
    WordMatcher matcher = WordMatcher.of(List.of("违禁品", "禁品"));
    assertThat(matcher.mask("这是禁品")).isEqualTo("这是＊＊");
    assertThat(matcher.mask("违禁")).isEqualTo("违禁");
  }

  @Test
  void aCharacterOutsideTheBasicPlaneIsMaskedWithOneMark() {
    WordMatcher matcher = WordMatcher.of(List.of("𠀋𠀋"));
    assertThat(matcher.mask("a𠀋𠀋b")).isEqualTo("a＊＊b");
  }

  @Test
  void anEmptyListMatchesNothingAndLeavesTheTextAsItIs() {
    WordMatcher matcher = WordMatcher.of(List.of(" ", ""));
    assertThat(matcher.isEmpty()).isTrue();
    assertThat(matcher.matches("anything")).isFalse();
    assertThat(matcher.mask("anything")).isEqualTo("anything");
  }

  @Test
  void twoThousandWordsScreenALongMessageQuickly() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      words.add("词" + i + "语");
    }
    WordMatcher matcher = WordMatcher.of(words);
    String text = "这是一条很长的消息，没有敏感词。".repeat(250);
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      assertThat(matcher.matches(text)).isFalse();
    }
    assertThat((System.nanoTime() - start) / 100).isLessThan(5_000_000L);
    assertThat(matcher.mask(text + "词1999语")).endsWith("＊＊＊＊＊＊");
  }
}
