package dev.kefu.report.entity;

import dev.kefu.shared.RuleViolation;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The days a report covers, from {@code from} to {@code to} inclusive, as they fall in one time
 * zone: the report counts the conversations that began between the start of {@code from} and the
 * start of the day after {@code to} there. At most {@value #MAX_DAYS} days, so that a report always
 * reads a bounded share of the conversations.
 */
public record ReportPeriod(LocalDate from, LocalDate to, ZoneId zone) {

  public static final int MAX_DAYS = 366;

  public ReportPeriod {
    if (from == null) {
      throw new RuleViolation("report_period_missing", "a report needs its first day", "from");
    }
    if (to == null) {
      throw new RuleViolation("report_period_missing", "a report needs its last day", "to");
    }
    if (zone == null) {
      throw new RuleViolation("report_zone_unknown", "a report needs a time zone", "zone");
    }
    if (to.isBefore(from)) {
      throw new RuleViolation("report_period_reversed", "the last day is before the first", "to");
    }
    if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
      throw new RuleViolation(
          "report_period_too_long", "a report covers at most " + MAX_DAYS + " days", "to");
    }
  }

  /** The period of these days in the zone of this name ({@code Asia/Shanghai}, {@code UTC}). */
  public static ReportPeriod of(LocalDate from, LocalDate to, String zone) {
    return new ReportPeriod(from, to, zoneNamed(zone));
  }

  /** The zone of this name; a refusal at the field {@code zone} when there is none. */
  public static ZoneId zoneNamed(String zone) {
    if (zone == null || zone.isBlank()) {
      throw new RuleViolation("report_zone_unknown", "a report needs a time zone", "zone");
    }
    try {
      return ZoneId.of(zone.strip());
    } catch (DateTimeException e) {
      throw new RuleViolation("report_zone_unknown", "unknown time zone " + zone.strip(), "zone");
    }
  }

  /** The first instant counted: the start of {@code from} in the zone. */
  public Instant start() {
    return from.atStartOfDay(zone).toInstant();
  }

  /** The first instant no longer counted: the start of the day after {@code to} in the zone. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /** How many days the period has. */
  public int days() {
    return (int) ChronoUnit.DAYS.between(from, to) + 1;
  }
}
