package dev.kefu.report.control;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored instant as the wall clock of a time zone reads it, in SQL that H2 and MariaDB both run.
 * The database keeps instants as UTC date-times and MariaDB may have no time-zone tables (so no
 * {@code CONVERT_TZ}); the zone's offsets over the period are therefore known here, and the SQL
 * adds the offset in force at each instant: one offset, or a {@code CASE} over the period's few
 * daylight-saving changes.
 */
public final class LocalClock {

  /** An offset in force from {@code since} (null: the start of the period), in seconds. */
  public record Span(Instant since, int offsetSeconds) {}

  private LocalClock() {}

  /** The offsets of the zone in force between {@code start} and {@code end}, oldest first. */
  public static List<Span> spans(ZoneId zone, Instant start, Instant end) {
    ZoneRules rules = zone.getRules();
    List<Span> spans = new ArrayList<>();
    spans.add(new Span(null, rules.getOffset(start).getTotalSeconds()));
    ZoneOffsetTransition next = rules.nextTransition(start);
    while (next != null && next.getInstant().isBefore(end)) {
      spans.add(new Span(next.getInstant(), next.getOffsetAfter().getTotalSeconds()));
      next = rules.nextTransition(next.getInstant());
    }
    return spans;
  }

  /**
   * SQL for the column's value on the zone's wall clock; the change instants are added to {@code
   * parameters}, and {@code ?n} in the SQL names them by their place there.
   */
  public static String expression(
      String column, ZoneId zone, Instant start, Instant end, SqlParameters parameters) {
    List<Span> spans = spans(zone, start, end);
    if (spans.size() == 1) {
      return "TIMESTAMPADD(SECOND, " + spans.get(0).offsetSeconds() + ", " + column + ")";
    }
    StringBuilder offset = new StringBuilder("CASE");
    for (int i = 0; i < spans.size() - 1; i++) {
      offset
          .append(" WHEN ")
          .append(column)
          .append(" < ")
          .append(parameters.add(spans.get(i + 1).since()))
          .append(" THEN ")
          .append(spans.get(i).offsetSeconds());
    }
    offset.append(" ELSE ").append(spans.get(spans.size() - 1).offsetSeconds()).append(" END");
    return "TIMESTAMPADD(SECOND, " + offset + ", " + column + ")";
  }
}
