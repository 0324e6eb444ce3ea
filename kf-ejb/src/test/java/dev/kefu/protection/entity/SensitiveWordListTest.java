package dev.kefu.protection.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensitiveWordListTest {

  @Test
  void wordsAreTrimmedWithoutBlanksOrRepeatsThatDifferOnlyInCase() {
    assertThat(SensitiveWordList.tidy(List.of(" 发票 ", "", "Scam", "scam", "发票", "  ")))
        .containsExactly("发票", "Scam");
  }

  @Test
  void aWordTooLongOrTooManyWordsAreRefusedAndNothingChanges() {
    SensitiveWordList list = new SensitiveWordList("t-1", Instant.EPOCH);
    list.change(List.of("a"), WordMode.REFUSE, true, false, Instant.EPOCH);
    assertThatThrownBy(
            () -> list.change(List.of("词".repeat(101)), WordMode.MASK, true, true, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= SensitiveWordList.MAX_WORDS; i++) {
      many.add("w" + i);
    }
    assertThatThrownBy(() -> list.change(many, WordMode.MASK, true, true, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(list.words()).containsExactly("a");
    assertThat(list.mode()).isEqualTo(WordMode.REFUSE);
    assertThat(list.screensAgents()).isFalse();
  }
}
