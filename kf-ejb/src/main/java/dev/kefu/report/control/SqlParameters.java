package dev.kefu.report.control;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of a native query's parameters in the order the SQL names them ({@code ?1}, {@code
 * ?2}, …). Instants are bound as the UTC date-times the database stores.
 */
public final class SqlParameters {

  private final List<Object> values = new ArrayList<>();

  /** Adds a value and answers the SQL that names it. */
  public String add(Object value) {
    values.add(
        value instanceof Instant instant
            ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
            : value);
    return "?" + values.size();
  }

  public List<Object> values() {
    return List.copyOf(values);
  }
}
