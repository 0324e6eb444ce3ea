package dev.kefu.admin.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LanguageTest {

  private static Iterator<Locale> browser(String... tags) {
    return List.of(tags).stream().map(Locale::forLanguageTag).iterator();
  }

  @Test
  void aChineseBrowserGetsSimplifiedChinese() {
    assertThat(Language.preferred(browser("zh-CN", "zh", "en")))
        .isEqualTo(Locale.SIMPLIFIED_CHINESE);
  }

  @Test
  void anyChineseGetsSimplifiedChineseRatherThanEnglish() {
    assertThat(Language.preferred(browser("zh-TW", "en-US"))).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    assertThat(Language.preferred(browser("zh-Hans"))).isEqualTo(Locale.SIMPLIFIED_CHINESE);
  }

  @Test
  void theBrowsersOrderDecides() {
    assertThat(Language.preferred(browser("en-GB", "zh-CN"))).isEqualTo(Locale.ENGLISH);
  }

  @Test
  void anUnspokenFirstChoiceFallsToTheNextSpokenOne() {
    assertThat(Language.preferred(browser("de-DE", "fr", "zh-CN")))
        .isEqualTo(Locale.SIMPLIFIED_CHINESE);
  }

  @Test
  void withNothingSpokenTheConsoleSpeaksEnglish() {
    assertThat(Language.preferred(browser("ja-JP", "ko"))).isEqualTo(Locale.ENGLISH);
    assertThat(Language.preferred(browser())).isEqualTo(Locale.ENGLISH);
    assertThat(Language.preferred(null)).isEqualTo(Locale.ENGLISH);
  }
}
