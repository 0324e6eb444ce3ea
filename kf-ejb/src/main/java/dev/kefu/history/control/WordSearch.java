package dev.kefu.history.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the words typed into the history search are looked for in the messages. On MariaDB a FULLTEXT
 * index answers when every term is one it holds: at least three characters
 * (innodb_ft_min_token_size) of letters and digits, no stop word, no Chinese, Japanese or Korean
 * character (InnoDB splits text at spaces and punctuation only, so a run of Chinese characters is
 * one token that no shorter word matches). Every other search, and every search on H2, is a LIKE
 * over the bodies within the other filters. Either way all the terms must appear in one message.
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
  private final boolean fullText;

  private WordSearch(List<String> terms, boolean fullText) {
    this.terms = terms;
    this.fullText = fullText;
  }

  /** The search for these words; {@code fullTextIndex}: whether the database has the index. */
  public static WordSearch of(String words, boolean fullTextIndex) {
    List<String> terms = new ArrayList<>();
    for (String raw : words.strip().split("\\s+")) {
      if (!raw.isEmpty() && terms.size() < MAX_TERMS) {
        terms.add(raw);
      }
    }
    boolean fullText = fullTextIndex && !terms.isEmpty();
    for (String term : terms) {
      if (!indexable(term)) {
        fullText = false;
      }
    }
    return new WordSearch(List.copyOf(terms), fullText);
  }

  /** Whether InnoDB's full-text index holds this term as a whole word. */
  static boolean indexable(String term) {
    if (term.codePointCount(0, term.length()) < MIN_TOKEN
        || STOP_WORDS.contains(term.toLowerCase(Locale.ROOT))) {
      return false;
    }
    return term.codePoints().allMatch(c -> Character.isLetterOrDigit(c) && !isCjk(c));
  }

  /** Chinese, Japanese and Korean characters, which InnoDB's parser does not split into words. */
  static boolean isCjk(int codePoint) {
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL
        || script == Character.UnicodeScript.BOPOMOFO;
  }

  public boolean fullText() {
    return fullText;
  }

  public List<String> terms() {
    return terms;
  }

  /**
   * The argument of {@code MATCH … AGAINST (? IN BOOLEAN MODE)}: every term required, as a word or
   * the start of one ({@code +refund* +order*}); terms are letters and digits only, so none of them
   * is an operator.
   */
  public String booleanQuery() {
    StringBuilder query = new StringBuilder();
    for (String term : terms) {
      query.append(query.length() == 0 ? "" : " ").append('+').append(term).append('*');
    }
    return query.toString();
  }

  /** The LIKE pattern of a term, {@code !} escaping LIKE's own characters. */
  public static String likePattern(String term) {
    return "%" + term.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }
}
