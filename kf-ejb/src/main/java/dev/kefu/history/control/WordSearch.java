package dev.kefu.history.control;

import dev.kefu.shared.CjkTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the words typed into the history search are looked for in the messages; all of them must
 * appear in one message. On MariaDB two FULLTEXT indexes answer most words:
 *
 * <ul>
 *   <li>{@code message.body} holds words of at least three characters (innodb_ft_min_token_size) of
 *       letters and digits that are no stop word: such a term is matched as a word or the start of
 *       one ({@code refund} finds {@code refunds}).
 *   <li>{@code message.cjk_terms} holds the pairs of characters of Chinese, Japanese and Korean
 *       text ({@link CjkTerms}; InnoDB splits text at spaces and punctuation only, so a run of
 *       Chinese characters is one token that no shorter word matches): a term of two or more such
 *       characters is looked up by its pairs, and the message's text is then compared with the
 *       whole term, since the pairs may stand apart.
 * </ul>
 *
 * <p>Every other term (a single Chinese character, a word of one or two letters, a stop word, a mix
 * of scripts) is a LIKE over the bodies that the indexed terms found, or over the bodies within the
 * other filters when no term is indexed. On H2, which has no FULLTEXT index, every term is a LIKE.
 */
public final class WordSearch {

  /** InnoDB's default full-text stop words: a term among them is never in the index. */
  static final Set<String> STOP_WORDS =
      Set.of(
          "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for", "from",
          "how", "i", "in", "is", "it", "la", "of", "on", "or", "that", "the", "this", "to", "was",
          "what", "when", "where", "who", "will", "with", "und", "www");

  static final int MIN_TOKEN = 3;
  static final int MAX_TERMS = 8;

  private final List<String> terms;
  private final List<String> words = new ArrayList<>();
  private final List<String> pairs = new ArrayList<>();
  private final List<String> compared = new ArrayList<>();

  private WordSearch(List<String> terms, boolean fullTextIndex) {
    this.terms = terms;
    for (String term : terms) {
      List<String> termPairs = fullTextIndex ? CjkTerms.ofTerm(term) : List.of();
      if (fullTextIndex && indexable(term)) {
        words.add(term);
      } else if (!termPairs.isEmpty()) {
        termPairs.stream().filter(pair -> !pairs.contains(pair)).forEach(pairs::add);
        compared.add(term);
      } else {
        compared.add(term);
      }
    }
  }

  /** The search for these words; {@code fullTextIndex}: whether the database has the indexes. */
  public static WordSearch of(String words, boolean fullTextIndex) {
    List<String> terms = new ArrayList<>();
    for (String raw : words.strip().split("\\s+")) {
      if (!raw.isEmpty() && terms.size() < MAX_TERMS) {
        terms.add(raw);
      }
    }
    return new WordSearch(List.copyOf(terms), fullTextIndex);
  }

  /** Whether InnoDB's full-text index of the bodies holds this term as a whole word. */
  static boolean indexable(String term) {
    if (term.codePointCount(0, term.length()) < MIN_TOKEN
        || STOP_WORDS.contains(term.toLowerCase(Locale.ROOT))) {
      return false;
    }
    return term.codePoints().allMatch(c -> Character.isLetterOrDigit(c) && !CjkTerms.isCjk(c));
  }

  public List<String> terms() {
    return terms;
  }

  /**
   * The argument of {@code MATCH (body) AGAINST (? IN BOOLEAN MODE)}: every indexed word required,
   * as a word or the start of one ({@code +refund* +order*}); such words are letters and digits
   * only, so none of them is an operator. Null when no term is such a word.
   */
  public String wordQuery() {
    if (words.isEmpty()) {
      return null;
    }
    StringBuilder query = new StringBuilder();
    for (String word : words) {
      query.append(query.length() == 0 ? "" : " ").append('+').append(word).append('*');
    }
    return query.toString();
  }

  /**
   * The argument of {@code MATCH (cjk_terms) AGAINST (? IN BOOLEAN MODE)}: every pair of characters
   * of the Chinese, Japanese and Korean terms required. Null when there is none.
   */
  public String pairQuery() {
    return pairs.isEmpty() ? null : "+" + String.join(" +", pairs);
  }

  /** The terms compared with the message's text by LIKE (every term without the indexes). */
  public List<String> compared() {
    return List.copyOf(compared);
  }

  /** The LIKE pattern of a term, {@code !} escaping LIKE's own characters. */
  public static String likePattern(String term) {
    return "%" + term.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }
}
