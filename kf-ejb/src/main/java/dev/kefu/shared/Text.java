package dev.kefu.shared;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as text in Kefu, and how text is cut to a column's length.
 *
 * <p>Every string Kefu accepts from outside is valid Unicode: no UTF-16 surrogate without its
 * partner (such a string cannot be encoded as UTF-8, and the socket that should carry it fails),
 * and no control character other than line feed and tab (carriage return too, where {@link
 * #acceptable(String, boolean) lines may end in CR LF}). The edges (frames, REST bodies and
 * parameters) refuse anything else with {@code bad_request} before the business sees it.
 *
 * <p>Stored cuts ({@link #clip}) end on a grapheme boundary, so a cut never splits a code point, an
 * emoji sequence or a letter from its combining marks.
 */
public final class Text {

  private static final Pattern GRAPHEME = Pattern.compile("\\X");
  private static final char REPLACEMENT = '\uFFFD';

  private Text() {}

  /** The bytes as text when they are well-formed UTF-8; empty when they are not. */
  public static Optional<String> utf8(byte[] bytes, int offset, int length) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, length))
              .toString());
    } catch (CharacterCodingException notUtf8) {
      return Optional.empty();
    }
  }

  /** Whether the text is well-formed UTF-16 with no control character but line feed and tab. */
  public static boolean acceptable(String text) {
    return problemIn(text, false) == null;
  }

  /**
   * Whether the text is acceptable; with {@code carriageReturn}, a CR is allowed as well (the line
   * ends of text typed into an HTML form).
   */
  public static boolean acceptable(String text, boolean carriageReturn) {
    return problemIn(text, carriageReturn) == null;
  }

  /**
   * The text itself when it is acceptable ({@link #acceptable(String)}); otherwise a {@code
   * bad_request} naming the field and what is wrong with it.
   */
  public static String checked(String text, String field) {
    String problem = problemIn(text, false);
    if (problem != null) {
      throw new RuleViolation("bad_request", "\"" + field + "\" " + problem);
    }
    return text;
  }

  /**
   * What is wrong with the text, for a refusal: {@code "holds a lone UTF-16 surrogate"} or {@code
   * "holds a control character"}; null when nothing is (also for null).
   */
  public static String problemIn(String text, boolean carriageReturn) {
    if (text == null) {
      return null;
    }
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "holds a lone UTF-16 surrogate";
      }
      if (isControl(c) && c != '\n' && c != '\t' && !(carriageReturn && c == '\r')) {
        return "holds a control character";
      }
    }
    return null;
  }

  /** C0 and C1 control characters and DEL. */
  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /**
   * The text cut to at most {@code max} UTF-16 units (and so at most {@code max} characters in any
   * column), ending on a grapheme boundary; null stays null.
   */
  public static String clip(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    Matcher grapheme = GRAPHEME.matcher(text);
    int end = 0;
    while (grapheme.find() && grapheme.end() <= max) {
      end = grapheme.end();
    }
    return text.substring(0, end);
  }

  /**
   * The text with every lone surrogate replaced by U+FFFD, so that it can always be encoded. For
   * text that was stored before the edge refused such strings; the same instance when there is
   * none.
   */
  public static String wellFormed(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder repaired = null;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        if (repaired != null) {
          repaired.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (repaired == null) {
          repaired = new StringBuilder(n).append(text, 0, i);
        }
        repaired.append(REPLACEMENT);
      } else if (repaired != null) {
        repaired.append(c);
      }
    }
    return repaired == null ? text : repaired.toString();
  }
}
