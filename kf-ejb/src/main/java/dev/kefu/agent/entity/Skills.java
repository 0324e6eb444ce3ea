package dev.kefu.agent.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Skill tags, as agents have them and conversations may need them: lower case letters, digits,
 * {@code -} and {@code _}, at most 64 characters, compared exactly.
 */
public final class Skills {

  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_-]{1,64}");

  private Skills() {}

  /** The tag in its stored spelling; {@link IllegalArgumentException} when it is not one. */
  public static String checked(String skill) {
    String tag = skill == null ? "" : skill.strip().toLowerCase(Locale.ROOT);
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "a skill is 1 to 64 letters, digits, - or _, not \"" + skill + "\"");
    }
    return tag;
  }

  /** The tags of a comma-separated list. */
  public static Set<String> split(String joined) {
    Set<String> tags = new TreeSet<>();
    if (joined != null) {
      Arrays.stream(joined.split(",")).filter(t -> !t.isBlank()).forEach(tags::add);
    }
    return tags;
  }
}
