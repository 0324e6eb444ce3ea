package dev.kefu.report.entity;

import java.util.Locale;

/**
 * What a report's rows are: the whole period, an hour of the day, a day, an agent, a department.
 */
public enum Grouping {
  ALL,
  /** The hour of the day (0 to 23) in the period's time zone at which conversations began. */
  HOUR,
  /** The day in the period's time zone on which conversations began. */
  DAY,
  /**
   * The agent who had the conversation last; conversations no agent took form a row of their own.
   */
  AGENT,
  /** The department the conversation was in last. */
  DEPARTMENT;

  /** The spelling in URLs and forms: {@code all}, {@code hour}, {@code day}, … */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The grouping of this spelling; null for anything else. */
  public static Grouping fromWire(String value) {
    for (Grouping grouping : values()) {
      if (grouping.wire().equals(value)) {
        return grouping;
      }
    }
    return null;
  }
}
