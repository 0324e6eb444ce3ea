package dev.kefu.report.control;

import dev.kefu.report.entity.Figures;
import dev.kefu.report.entity.Grouping;
import dev.kefu.report.entity.ReportPeriod;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two native queries of a report, computed in the database over the tenant's conversations that
 * began in the period, grouped one way: the counts and averages per group, and the medians and 90th
 * percentiles per group. Both run unchanged on MariaDB (10.3 and later) and on H2: percentiles are
 * the standard {@code PERCENTILE_CONT … WITHIN GROUP} used as a window function, which is the form
 * MariaDB has, and each group's one value is then taken with {@code DISTINCT}.
 *
 * <p>The times each conversation contributes (in seconds; null when not measured):
 *
 * <ul>
 *   <li><b>reached</b>: when an agent had it, the earlier of its assignment and the first agent's
 *       message; the assignment alone is not enough, since {@code assigned_at} holds the latest
 *       assignment and a transfer moves it.
 *   <li><b>wait</b>: start to reached; for a missed conversation (nobody reached it), start to
 *       close, the time the visitor waited in vain. Open conversations still waiting count in no
 *       figure but the conversations.
 *   <li><b>first response</b>: start to the first agent's message.
 *   <li><b>handle</b>: reached to close.
 * </ul>
 */
public final class ReportQuery {

  private static final String DIFF = "TIMESTAMPDIFF(MICROSECOND, %s, %s) / 1000000.0";
  private static final String REACHED =
      "CASE WHEN c.first_response_at IS NOT NULL AND (c.assigned_at IS NULL"
          + " OR c.first_response_at < c.assigned_at) THEN c.first_response_at"
          + " ELSE c.assigned_at END";

  /** A query's SQL and its parameters' values in order. */
  public record Sql(String text, List<Object> parameters) {}

  private final String tenantId;
  private final ReportPeriod period;
  private final Grouping grouping;

  public ReportQuery(String tenantId, ReportPeriod period, Grouping grouping) {
    this.tenantId = tenantId;
    this.period = period;
    this.grouping = grouping;
  }

  /**
   * Per group: key, label, conversations, answered, ended, missed, waited, handled, average handle,
   * rated, good, bad, stars.
   */
  public Sql counts() {
    SqlParameters parameters = new SqlParameters();
    String base = base(parameters);
    return new Sql(
        "SELECT g, MAX(label), COUNT(*),"
            + " SUM(CASE WHEN first_response_at IS NOT NULL THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN state IN ('CLOSED', 'MISSED') THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN state = 'MISSED' THEN 1 ELSE 0 END),"
            + " COUNT(wait_s), COUNT(handle_s), AVG(handle_s),"
            + " COUNT(rating_score),"
            + " SUM(CASE WHEN rating_score >= 4 THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN rating_score <= 2 THEN 1 ELSE 0 END),"
            + " COALESCE(SUM(rating_score), 0)"
            + " FROM ("
            + base
            + ") b GROUP BY g",
        parameters.values());
  }

  /** Per group: key, then median and 90th percentile of wait, first response and handle time. */
  public Sql percentiles() {
    SqlParameters parameters = new SqlParameters();
    String base = base(parameters);
    return new Sql(
        "SELECT DISTINCT g, "
            + percentile("0.5", "wait_s")
            + ", "
            + percentile("0.9", "wait_s")
            + ", "
            + percentile("0.5", "first_s")
            + ", "
            + percentile("0.9", "first_s")
            + ", "
            + percentile("0.5", "handle_s")
            + ", "
            + percentile("0.9", "handle_s")
            + " FROM ("
            + base
            + ") b",
        parameters.values());
  }

  private static String percentile(String fraction, String column) {
    return "PERCENTILE_CONT("
        + fraction
        + ") WITHIN GROUP (ORDER BY "
        + column
        + ") OVER (PARTITION BY g)";
  }

  /** One row per conversation of the tenant that began in the period, with its group and times. */
  private String base(SqlParameters parameters) {
    String key;
    String label;
    String join = "";
    switch (grouping) {
      case HOUR -> {
        key = "HOUR(" + local(parameters) + ")";
        label = "''";
      }
      case DAY -> {
        key = "CAST(" + local(parameters) + " AS DATE)";
        label = "''";
      }
      case AGENT -> {
        key = "COALESCE(c.agent_id, '')";
        label = "a.display_name";
        join = " LEFT JOIN agent a ON a.id = c.agent_id";
      }
      case DEPARTMENT -> {
        key = "c.department_id";
        label = "d.name";
        join = " LEFT JOIN department d ON d.id = c.department_id";
      }
      default -> {
        key = "'all'";
        label = "''";
      }
    }
    String reached = "(" + REACHED + ")";
    return "SELECT "
        + key
        + " AS g, "
        + label
        + " AS label, c.state, c.first_response_at, c.rating_score,"
        + " CASE WHEN "
        + reached
        + " IS NOT NULL THEN "
        + DIFF.formatted("c.created_at", reached)
        + " WHEN c.state = 'MISSED' THEN "
        + DIFF.formatted("c.created_at", "c.closed_at")
        + " END AS wait_s, "
        + DIFF.formatted("c.created_at", "c.first_response_at")
        + " AS first_s,"
        + " CASE WHEN c.closed_at IS NOT NULL THEN "
        + DIFF.formatted(reached, "c.closed_at")
        + " END AS handle_s"
        + " FROM conversation c"
        + join
        + " WHERE c.tenant_id = "
        + parameters.add(tenantId)
        + " AND c.created_at >= "
        + parameters.add(period.start())
        + " AND c.created_at < "
        + parameters.add(period.end());
  }

  private String local(SqlParameters parameters) {
    return LocalClock.expression(
        "c.created_at", period.zone(), period.start(), period.end(), parameters);
  }

  /** The rows of both queries as figures per group, in no particular order. */
  public static List<Figures> figures(List<Object[]> counts, List<Object[]> percentiles) {
    Map<String, Object[]> percentileOf = new HashMap<>();
    for (Object[] row : percentiles) {
      percentileOf.put(key(row[0]), row);
    }
    List<Figures> figures = new ArrayList<>();
    for (Object[] row : counts) {
      String key = key(row[0]);
      Object[] p = percentileOf.getOrDefault(key, new Object[7]);
      String label = row[1] == null || row[1].toString().isEmpty() ? key : row[1].toString();
      figures.add(
          new Figures(
              key,
              label,
              count(row[2]),
              count(row[3]),
              count(row[4]),
              count(row[5]),
              count(row[6]),
              seconds(p[1]),
              seconds(p[2]),
              seconds(p[3]),
              seconds(p[4]),
              count(row[7]),
              seconds(p[5]),
              seconds(p[6]),
              seconds(row[8]),
              count(row[9]),
              count(row[10]),
              count(row[11]),
              count(row[12])));
    }
    return figures;
  }

  /** A group's key as text: an hour's number, a date as {@code 2026-11-01}, an id. */
  static String key(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime().toLocalDate().toString();
    }
    if (value instanceof java.time.LocalDateTime dateTime) {
      return dateTime.toLocalDate().toString();
    }
    if (value instanceof LocalDate date) {
      return date.toString();
    }
    if (value instanceof Number number) {
      return Long.toString(number.longValue());
    }
    return value.toString();
  }

  private static long count(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static Double seconds(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }
}
