package dev.kefu.web.control;

import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.history.boundary.HistoryFilter;
import dev.kefu.history.boundary.HistorySort;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The query parameters of the history's search and export: {@code from}, {@code to} (an ISO-8601
 * instant, or a date: {@code from} at its start, {@code to} to its end, in UTC), {@code site},
 * {@code department}, {@code agent}, {@code visitor}, {@code rating} (0 none, 1–5), {@code state}
 * ({@code queued}, {@code assigned}, {@code closed}, {@code missed}) and {@code words}.
 */
public final class HistoryParameters {

  private HistoryParameters() {}

  public static HistoryFilter filter(
      String from,
      String to,
      String site,
      String department,
      String agent,
      String visitor,
      String rating,
      String state,
      String words) {
    return new HistoryFilter(
        time(from, "from", false),
        time(to, "to", true),
        site,
        department,
        agent,
        visitor,
        rating == null || rating.isBlank() ? null : number(rating),
        state == null || state.isBlank() ? null : state(state),
        words);
  }

  public static HistorySort sort(String sort) {
    if (sort == null || sort.isBlank()) {
      return HistorySort.TIME;
    }
    try {
      return HistorySort.valueOf(sort.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad("sort is time, rating or state");
    }
  }

  private static Instant time(String text, String name, boolean end) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String value = text.strip();
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(name + " is a date (2026-01-31) or an instant (2026-01-31T08:00:00Z)");
    }
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw bad("rating is a number from 0 (none) to 5");
    }
  }

  private static ConversationState state(String text) {
    try {
      return ConversationState.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad("state is queued, assigned, closed or missed");
    }
  }

  private static RuntimeException bad(String message) {
    return Caller.failure(Response.Status.BAD_REQUEST, "bad_request", message);
  }
}
