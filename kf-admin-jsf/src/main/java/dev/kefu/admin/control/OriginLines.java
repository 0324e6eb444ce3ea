package dev.kefu.admin.control;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A site's allowed origins as an admin edits them: one per line in a text area. This only splits
 * and tidies what was typed or pasted; whether each entry is an origin is the business's rule, and
 * it answers with a {@code RuleViolation} when one is not.
 */
public final class OriginLines {

  // Origins never contain white space or commas, so a pasted comma-separated list works too.
  private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

  private OriginLines() {}

  /**
   * The entries of the text, in their order, each once. A single trailing slash, as browsers show
   * after a host name, is dropped: {@code https://shop.example.com/} means the origin {@code
   * https://shop.example.com}. Any other path is kept, so the business can refuse it.
   */
  public static List<String> parse(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : SEPARATORS.split(text.strip())) {
      if (!entry.isEmpty()) {
        entries.add(withoutBareSlash(entry));
      }
    }
    return new ArrayList<>(entries);
  }

  /** An entry of the text that is no origin, and the line (from 1) it is on. */
  public record Bad(int line, String entry) {}

  /**
   * The first entry of the text, in reading order, that {@code isOrigin} does not accept, tidied as
   * {@link #parse} tidies it; empty when every entry is accepted.
   */
  public static Optional<Bad> firstBad(String text, Predicate<String> isOrigin) {
    if (text == null) {
      return Optional.empty();
    }
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      for (String entry : SEPARATORS.split(lines[i].strip())) {
        if (!entry.isEmpty() && !isOrigin.test(withoutBareSlash(entry))) {
          return Optional.of(new Bad(i + 1, entry));
        }
      }
    }
    return Optional.empty();
  }

  /** The text area's content for these origins. */
  public static String format(List<String> origins) {
    return String.join("\n", origins);
  }

  private static String withoutBareSlash(String entry) {
    int hostStart = entry.indexOf("://");
    if (hostStart < 0 || !entry.endsWith("/")) {
      return entry;
    }
    boolean onlySlashIsTheLast = entry.indexOf('/', hostStart + 3) == entry.length() - 1;
    return onlySlashIsTheLast ? entry.substring(0, entry.length() - 1) : entry;
  }
}
