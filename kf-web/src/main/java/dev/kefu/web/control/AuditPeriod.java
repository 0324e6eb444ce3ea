package dev.kefu.web.control;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The period an audit export covers, from the {@code from} and {@code to} query parameters: each an
 * instant ({@code 2026-11-01T00:00:00Z}), a date and time with an offset ({@code
 * 2026-11-01T00:00:00+08:00}) or a date ({@code 2026-11-01}, the start of that day in UTC). {@code
 * from} is inclusive, {@code to} exclusive; without {@code to} it is now, without {@code from} the
 * {@link #DEFAULT_DAYS} days before {@code to}.
 */
public record AuditPeriod(Instant from, Instant to) {

  public static final int DEFAULT_DAYS = 30;

  /** The period the parameters name; {@link IllegalArgumentException} when they name none. */
  public static AuditPeriod parse(String from, String to, Instant now) {
    Instant end = blank(to) ? now : instant("to", to);
    Instant start = blank(from) ? end.minus(Duration.ofDays(DEFAULT_DAYS)) : instant("from", from);
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("from must be before to");
    }
    return new AuditPeriod(start, end);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Instant instant(String name, String value) {
    String text = value.trim();
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name
              + " must be a date (2026-11-01) or a date and time with an offset"
              + " (2026-11-01T08:00:00+08:00 or …Z)");
    }
  }
}
