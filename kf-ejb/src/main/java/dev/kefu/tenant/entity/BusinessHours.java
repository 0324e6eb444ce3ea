package dev.kefu.tenant.entity;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * When a department answers: weekly opening spans in the department's own time zone, and holidays
 * (whole days in that zone) when it does not. Without weekly hours a department is open at all
 * times except on its holidays. A span ends before its closing minute ({@code 09:00-18:00} is open
 * at 17:59 and closed at 18:00); {@code 24:00} closes at midnight.
 *
 * <p>Stored as text: weekly hours read {@code mon 09:00-12:00 13:00-18:00; tue 09:00-18:00} (a day
 * not named is closed), holidays {@code 2026-12-25,2027-01-01}.
 */
public final class BusinessHours {

  /** Open at any time, in UTC: what a department without settings has. */
  public static final BusinessHours ALWAYS =
      new BusinessHours(ZoneId.of("UTC"), null, Collections.emptySortedSet());

  /** One opening span of a day; {@code closes} after {@code opens}, or {@code null} for 24:00. */
  public record Span(LocalTime opens, LocalTime closes) {

    public Span {
      if (closes != null && !closes.isAfter(opens)) {
        throw new IllegalArgumentException("a span closes after it opens: " + opens + "-" + closes);
      }
    }

    static Span parse(String text) {
      String[] ends = text.trim().split("-");
      if (ends.length != 2) {
        throw new IllegalArgumentException("a span reads like 09:00-18:00, not " + text);
      }
      try {
        LocalTime opens = LocalTime.parse(ends[0].trim());
        String close = ends[1].trim();
        return new Span(opens, close.equals("24:00") ? null : LocalTime.parse(close));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("a span reads like 09:00-18:00, not " + text);
      }
    }

    boolean contains(LocalTime time) {
      return !time.isBefore(opens) && (closes == null || time.isBefore(closes));
    }

    @Override
    public String toString() {
      return opens + "-" + (closes == null ? "24:00" : closes.toString());
    }
  }

  /**
   * One opening of the week as a form shows it, one row each: a day and a span of it ({@code
   * closes} null for 24:00). A day may have several rows; a day without rows is closed.
   */
  public record Opening(DayOfWeek day, LocalTime opens, LocalTime closes) {}

  private final ZoneId zone;
  private final Map<DayOfWeek, List<Span>> weekly;
  private final SortedSet<LocalDate> holidays;

  private BusinessHours(
      ZoneId zone, Map<DayOfWeek, List<Span>> weekly, SortedSet<LocalDate> holidays) {
    this.zone = zone;
    this.weekly = weekly;
    this.holidays = holidays;
  }

  /**
   * Reads stored or entered hours; throws {@link IllegalArgumentException} with a message for
   * people on anything it cannot read. A null or blank zone is UTC; null or blank weekly hours are
   * always open.
   */
  public static BusinessHours parse(String timeZone, String weeklyHours, String holidays) {
    ZoneId zone;
    try {
      zone = timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone " + timeZone);
    }
    return new BusinessHours(zone, parseWeekly(weeklyHours), parseHolidays(holidays));
  }

  /** Builds hours from a day-by-day map ({@code mon} → {@code ["09:00-18:00"]}). */
  public static BusinessHours of(
      String timeZone, Map<String, List<String>> weeklyHours, List<String> holidays) {
    String weekly =
        weeklyHours == null
            ? null
            : weeklyHours.entrySet().stream()
                .map(e -> e.getKey() + " " + String.join(" ", e.getValue()))
                .collect(Collectors.joining("; "));
    return parse(timeZone, weekly, holidays == null ? null : String.join(",", holidays));
  }

  /**
   * Builds hours from openings row by row; no rows is open around the clock. Throws {@link
   * IllegalArgumentException} for a span that does not close after it opens.
   */
  public static BusinessHours of(
      ZoneId zone, List<Opening> openings, Collection<LocalDate> holidays) {
    Map<DayOfWeek, List<Span>> weekly = null;
    if (openings != null && !openings.isEmpty()) {
      weekly = new EnumMap<>(DayOfWeek.class);
      for (Opening opening : openings) {
        weekly
            .computeIfAbsent(opening.day(), d -> new ArrayList<>())
            .add(new Span(opening.opens(), opening.closes()));
      }
      weekly.values().forEach(spans -> spans.sort(Comparator.comparing(Span::opens)));
    }
    return new BusinessHours(
        zone, weekly, holidays == null ? new TreeSet<>() : new TreeSet<>(holidays));
  }

  private static Map<DayOfWeek, List<Span>> parseWeekly(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Map<DayOfWeek, List<Span>> weekly = new EnumMap<>(DayOfWeek.class);
    for (String day : text.split(";")) {
      if (day.isBlank()) {
        continue;
      }
      String[] parts = day.trim().split("\\s+");
      DayOfWeek dayOfWeek = day(parts[0]);
      List<Span> spans = weekly.computeIfAbsent(dayOfWeek, d -> new ArrayList<>());
      for (int i = 1; i < parts.length; i++) {
        spans.add(Span.parse(parts[i]));
      }
    }
    return weekly;
  }

  private static DayOfWeek day(String name) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (shortName(day).equals(name.toLowerCase(Locale.ROOT))) {
        return day;
      }
    }
    throw new IllegalArgumentException("days are mon, tue, wed, thu, fri, sat, sun; not " + name);
  }

  private static String shortName(DayOfWeek day) {
    return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
  }

  private static SortedSet<LocalDate> parseHolidays(String text) {
    SortedSet<LocalDate> days = new TreeSet<>();
    if (text == null || text.isBlank()) {
      return days;
    }
    for (String day : text.split(",")) {
      if (day.isBlank()) {
        continue;
      }
      try {
        days.add(LocalDate.parse(day.trim()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("a holiday is a date like 2026-12-25, not " + day);
      }
    }
    return days;
  }

  /** Whether the department answers at this moment. */
  public boolean isOpenAt(Instant instant) {
    ZonedDateTime local = instant.atZone(zone);
    if (holidays.contains(local.toLocalDate())) {
      return false;
    }
    if (weekly == null) {
      return true;
    }
    LocalTime time = local.toLocalTime();
    return weekly.getOrDefault(local.getDayOfWeek(), List.of()).stream()
        .anyMatch(span -> span.contains(time));
  }

  public ZoneId zone() {
    return zone;
  }

  /** Whether any weekly hours are set; without them the department is open around the clock. */
  public boolean hasWeeklyHours() {
    return weekly != null;
  }

  /** The weekly hours day by day ({@code mon} → {@code ["09:00-18:00"]}); null when always open. */
  public Map<String, List<String>> weeklyByDay() {
    if (weekly == null) {
      return null;
    }
    Map<String, List<String>> days = new java.util.LinkedHashMap<>();
    weekly.forEach(
        (day, spans) -> days.put(shortName(day), spans.stream().map(Span::toString).toList()));
    return days;
  }

  /** The weekly hours row by row, by day and opening time; empty when always open. */
  public List<Opening> openings() {
    if (weekly == null) {
      return List.of();
    }
    List<Opening> openings = new ArrayList<>();
    weekly.forEach(
        (day, spans) ->
            spans.forEach(span -> openings.add(new Opening(day, span.opens(), span.closes()))));
    return openings;
  }

  /** The holidays, earliest first. */
  public List<LocalDate> holidays() {
    return List.copyOf(holidays);
  }

  public List<String> holidayList() {
    return holidays.stream().map(LocalDate::toString).toList();
  }

  /** The weekly hours as stored; null when always open. */
  public String weeklyText() {
    if (weekly == null) {
      return null;
    }
    return weekly.entrySet().stream()
        .map(
            e ->
                shortName(e.getKey())
                    + (e.getValue().isEmpty() ? "" : " ")
                    + e.getValue().stream().map(Span::toString).collect(Collectors.joining(" ")))
        .collect(Collectors.joining("; "));
  }

  /** The holidays as stored; null when there are none. */
  public String holidaysText() {
    return holidays.isEmpty() ? null : String.join(",", holidayList());
  }
}
