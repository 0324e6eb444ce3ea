package dev.kefu.history.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.CjkTerms;
import org.junit.jupiter.api.Test;

class WordSearchTest {

  @Test
  void englishWordsGoThroughTheIndexOfTheBodies() {
    WordSearch search = WordSearch.of("  refund   invoice ", true);
    assertThat(search.wordQuery()).isEqualTo("+refund* +invoice*");
    assertThat(search.pairQuery()).isNull();
    assertThat(search.compared()).isEmpty();
  }

  @Test
  void chineseWordsGoThroughTheirPairsAndAreComparedWhole() {
    WordSearch search = WordSearch.of("新加坡 退款", true);
    assertThat(search.wordQuery()).isNull();
    assertThat(search.pairQuery())
        .isEqualTo(
            "+"
                + String.join(" +", CjkTerms.ofTerm("新加坡"))
                + " +"
                + String.join(" +", CjkTerms.ofTerm("退款")));
    assertThat(search.compared()).containsExactly("新加坡", "退款");
  }

  @Test
  void shortWordsStopWordsOperatorsAndLoneCharactersAreComparedWithin() {
    WordSearch search = WordSearch.of("the refund 茶 tv +x refund*", true);
    assertThat(search.wordQuery()).isEqualTo("+refund*");
    assertThat(search.pairQuery()).isNull();
    assertThat(search.compared()).containsExactly("the", "茶", "tv", "+x", "refund*");
  }

  @Test
  void withoutTheIndexesEveryTermIsCompared() {
    WordSearch search = WordSearch.of("refund 新加坡", false);
    assertThat(search.wordQuery()).isNull();
    assertThat(search.pairQuery()).isNull();
    assertThat(search.compared()).containsExactly("refund", "新加坡");
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
