package dev.kefu.protection.control;

import dev.kefu.protection.entity.WordMode;

/** A tenant's sensitive words compiled for screening, and whose messages they screen. */
public record WordFilter(
    WordMatcher matcher, WordMode mode, boolean screenVisitors, boolean screenAgents) {

  public static final WordFilter NONE =
      new WordFilter(WordMatcher.of(java.util.List.of()), WordMode.MASK, false, false);
}
