package dev.kefu.shared;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chinese, Japanese and Korean text as a full-text index can hold it. InnoDB's parser splits words
 * at spaces and punctuation only, so a Chinese sentence is one token that no word inside it
 * matches, and MariaDB has no n-gram parser. Each run of such characters is therefore written as
 * its overlapping pairs of characters (新加坡 → 新加, 加坡), the usual way to index text without spaces,
 * and each pair as a token of letters and digits that InnoDB takes whole ({@code z065b0052a0} for
 * 新加: {@code z} and the two code points in five hex digits each; a pair of characters is shorter
 * than InnoDB's smallest token).
 *
 * <p>A search for 新加坡 then asks for both of its pairs in one message; the message's text is still
 * compared with the whole word, since both pairs may stand apart.
 */
public final class CjkTerms {

  /** The fewest characters a term has to be looked up by its pairs. */
  public static final int MIN_CHARACTERS = 2;

  private CjkTerms() {}

  /**
   * The index text of a message: its pairs, each once, separated by spaces; null when the text has
   * no two such characters in a row.
   */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    Set<String> pairs = new LinkedHashSet<>(pairs(text));
    return pairs.isEmpty() ? null : String.join(" ", pairs);
  }

  /**
   * The pairs of a search term, each once; empty when the term is not one run of two or more such
   * characters (it is then looked for another way).
   */
  public static List<String> ofTerm(String term) {
    if (term.codePointCount(0, term.length()) < MIN_CHARACTERS
        || !term.codePoints().allMatch(CjkTerms::isCjk)) {
      return List.of();
    }
    return List.copyOf(new LinkedHashSet<>(pairs(term)));
  }

  private static List<String> pairs(String text) {
    List<String> pairs = new ArrayList<>();
    int previous = -1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (isCjk(c)) {
        if (previous >= 0) {
          pairs.add(token(previous, c));
        }
        previous = c;
      } else {
        previous = -1;
      }
    }
    return pairs;
  }

  private static String token(int first, int second) {
    return String.format("z%05x%05x", first, second);
  }

  /** Chinese, Japanese and Korean characters, which InnoDB's parser does not split into words. */
  public static boolean isCjk(int codePoint) {
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL
        || script == Character.UnicodeScript.BOPOMOFO;
  }
}
