package dev.kefu.protection.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a list's words in a text in one pass, whatever the number of words (Aho–Corasick), without
 * regard to case. Words of Chinese, Japanese or Korean script match anywhere, since those languages
 * write no spaces between words; a word that starts or ends with a Latin (or other alphabetic)
 * letter or a digit matches only where the text has no such letter or digit right beside it, so
 * that "ass" is found in "ass!" but not in "class".
 *
 * <p>Case is folded one UTF-16 unit at a time ({@link Character#toLowerCase(char)}), which never
 * changes a text's length, so what is found can be masked in the original text at the same place.
 * Immutable once built; safe to share between threads.
 */
public final class WordMatcher {

  /** The replacement of each masked character: a full-width asterisk. */
  public static final char MASK = '＊';

  private static final WordMatcher EMPTY = new WordMatcher(List.of());

  private final List<Map<Character, Integer>> next = new ArrayList<>();
  private final List<int[]> found = new ArrayList<>(); // per state: indexes into words
  private final List<String> words;
  private final boolean[] boundedStart;
  private final boolean[] boundedEnd;
  private int[] fail;

  private WordMatcher(List<String> words) {
    this.words = words;
    this.boundedStart = new boolean[words.size()];
    this.boundedEnd = new boolean[words.size()];
    next.add(new HashMap<>());
    found.add(new int[0]);
    for (int w = 0; w < words.size(); w++) {
      String word = words.get(w);
      boundedStart[w] = isWordChar(word.charAt(0));
      boundedEnd[w] = isWordChar(word.charAt(word.length() - 1));
      int state = 0;
      for (int i = 0; i < word.length(); i++) {
        char c = Character.toLowerCase(word.charAt(i));
        Integer to = next.get(state).get(c);
        if (to == null) {
          to = next.size();
          next.add(new HashMap<>());
          found.add(new int[0]);
          next.get(state).put(c, to);
        }
        state = to;
      }
      found.set(state, append(found.get(state), w));
    }
    link();
  }

  /** A matcher of these words (blank ones are left out). */
  public static WordMatcher of(Collection<String> words) {
    List<String> kept = new ArrayList<>();
    for (String word : words) {
      if (word != null && !word.isBlank()) {
        kept.add(word.strip());
      }
    }
    return kept.isEmpty() ? EMPTY : new WordMatcher(kept);
  }

  public boolean isEmpty() {
    return words.isEmpty();
  }

  /** Whether the text holds any of the words. */
  public boolean matches(String text) {
    return !spans(text, true).isEmpty();
  }

  /** The text with every character of every word found replaced by {@link #MASK}. */
  public String mask(String text) {
    List<int[]> spans = spans(text, false);
    if (spans.isEmpty()) {
      return text;
    }
    boolean[] masked = new boolean[text.length()];
    for (int[] span : spans) {
      for (int i = span[0]; i < span[1]; i++) {
        masked[i] = true;
      }
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!masked[i]) {
        out.append(c);
      } else if (!Character.isLowSurrogate(c) || i == 0 || !masked[i - 1]) {
        // One mark per character: a surrogate pair is one character.
        out.append(MASK);
      }
    }
    return out.toString();
  }

  /** Where the words are, as [start, end) in UTF-16 units; with {@code first}, at most one. */
  List<int[]> spans(String text, boolean first) {
    List<int[]> spans = new ArrayList<>();
    if (words.isEmpty() || text == null) {
      return spans;
    }
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = Character.toLowerCase(text.charAt(i));
      while (state != 0 && !next.get(state).containsKey(c)) {
        state = fail[state];
      }
      state = next.get(state).getOrDefault(c, 0);
      for (int w : found.get(state)) {
        int end = i + 1;
        int start = end - words.get(w).length();
        if (boundedStart[w] && start > 0 && isWordChar(text.charAt(start - 1))) {
          continue;
        }
        if (boundedEnd[w] && end < text.length() && isWordChar(text.charAt(end))) {
          continue;
        }
        spans.add(new int[] {start, end});
        if (first) {
          return spans;
        }
      }
    }
    return spans;
  }

  /** Failure links, breadth first; each state also reports what its failure states report. */
  private void link() {
    fail = new int[next.size()];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int child : next.get(0).values()) {
      fail[child] = 0;
      queue.add(child);
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      for (Map.Entry<Character, Integer> edge : next.get(state).entrySet()) {
        int child = edge.getValue();
        int f = fail[state];
        while (f != 0 && !next.get(f).containsKey(edge.getKey())) {
          f = fail[f];
        }
        Integer to = next.get(f).get(edge.getKey());
        fail[child] = to == null || to == child ? 0 : to;
        for (int w : found.get(fail[child])) {
          found.set(child, append(found.get(child), w));
        }
        queue.add(child);
      }
    }
  }

  private static int[] append(int[] array, int value) {
    int[] longer = java.util.Arrays.copyOf(array, array.length + 1);
    longer[array.length] = value;
    return longer;
  }

  /**
   * A letter or digit of a script that separates words with spaces; characters of Chinese, Japanese
   * and Korean scripts (and surrogates) are not.
   */
  static boolean isWordChar(char c) {
    if (!Character.isLetterOrDigit(c)) {
      return false;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(c);
    return script != Character.UnicodeScript.HAN
        && script != Character.UnicodeScript.HIRAGANA
        && script != Character.UnicodeScript.KATAKANA
        && script != Character.UnicodeScript.HANGUL;
  }
}
