package dev.kefu.history.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WordSearchTest {

  @Test
  void englishWordsGoThroughTheFullTextIndex() {
    WordSearch search = WordSearch.of("  refund   invoice ", true);
    assertThat(search.fullText()).isTrue();
    assertThat(search.booleanQuery()).isEqualTo("+refund* +invoice*");
  }

  @Test
  void chineseShortStopWordsAndOperatorsFallBackToLike() {
    assertThat(WordSearch.of("退款", true).fullText()).isFalse();
    assertThat(WordSearch.of("refund 退款", true).fullText()).isFalse();
    assertThat(WordSearch.of("tv", true).fullText()).isFalse();
    assertThat(WordSearch.of("the refund", true).fullText()).isFalse();
    assertThat(WordSearch.of("+refund -x", true).fullText()).isFalse();
    assertThat(WordSearch.of("refund*", true).fullText()).isFalse();
    assertThat(WordSearch.of("refund", false).fullText()).isFalse();
  }

  @Test
  void likePatternsEscapeTheirOwnCharacters() {
    assertThat(WordSearch.likePattern("50%_off!")).isEqualTo("%50!%!_off!!%");
  }

  @Test
  void atMostEightTerms() {
    assertThat(WordSearch.of("a b c d e f g h i j", false).terms()).hasSize(8);
  }

  @Test
  void queriesNumberTheirParametersAndNeverTakeText() {
    HistoryQuery query =
        new HistoryQuery()
            .and("c.tenant_id = ?", "t-1")
            .and("c.x IN " + HistoryQuery.list(2), 1, 2);
    assertThat(query.where()).isEqualTo(" WHERE c.tenant_id = ?1 AND c.x IN (?2, ?3)");
    assertThat(query.parameters()).containsExactly("t-1", 1, 2);
    assertThat(query.nextParameter()).isEqualTo(4);
    assertThatThrownBy(() -> new HistoryQuery().and("c.a = ? AND c.b = ?", "one"))
        .isInstanceOf(ArrayIndexOutOfBoundsException.class);
  }
}
