package dev.kefu.report.control;

import dev.kefu.report.entity.Figures;
import dev.kefu.report.entity.Grouping;
import dev.kefu.report.entity.ReportPeriod;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The native queries of a report over the tenant's conversations that began in the period, grouped
 * one way: the counts and averages per group, summed in the database ({@link #counts()}); or each
 * conversation's group and times ({@link #times()}), which {@link ReportTally} counts with medians
 * and 90th percentiles; and the groups' labels ({@link #labels()}). They run unchanged on MariaDB
 * and on H2.
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
   * Per group: key, conversations, answered, ended, missed, waited, handled, average handle, rated,
   * good, bad, stars: the counts alone, which the database sums without sorting anything.
   */
  public Sql counts() {
    SqlParameters parameters = new SqlParameters();
    String base = base(parameters);
    return new Sql(
        "SELECT g, COUNT(*),"
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

  /**
   * One row per conversation: group key, state, answered (1 or 0), rating, wait, first response and
   * handle time in seconds; what {@link ReportTally} counts, medians and percentiles included. The
   * database reads these from the report index alone and sorts nothing.
   */
  public Sql times() {
    SqlParameters parameters = new SqlParameters();
    String base = base(parameters);
    return new Sql(
        "SELECT g, state, CASE WHEN first_response_at IS NOT NULL THEN 1 ELSE 0 END,"
            + " rating_score, wait_s, first_s, handle_s FROM ("
            + base
            + ") b",
        parameters.values());
  }

  /**
   * The names of the groups' keys, as rows of key and name: the tenant's agents or departments;
   * null for groupings whose key is its own label. Read apart from the conversations, so that no
   * row of the period is joined for its label.
   */
  public Sql labels() {
    SqlParameters parameters = new SqlParameters();
    return switch (grouping) {
      case AGENT ->
          new Sql(
              "SELECT id, display_name FROM agent WHERE tenant_id = " + parameters.add(tenantId),
              parameters.values());
      case DEPARTMENT ->
          new Sql(
              "SELECT id, name FROM department WHERE tenant_id = " + parameters.add(tenantId),
              parameters.values());
      default -> null;
    };
  }

  /** One row per conversation of the tenant that began in the period, with its group and times. */
  private String base(SqlParameters parameters) {
    String key =
        switch (grouping) {
          case HOUR -> "HOUR(" + local(parameters) + ")";
          case DAY -> "CAST(" + local(parameters) + " AS DATE)";
          case AGENT -> "COALESCE(c.agent_id, '')";
          case DEPARTMENT -> "c.department_id";
          default -> "'all'";
        };
    String reached = "(" + REACHED + ")";
    return "SELECT "
        + key
        + " AS g, c.state, c.first_response_at, c.rating_score,"
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
        + " FROM conversation c WHERE c.tenant_id = "
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

  /**
   * The rows of {@link #counts()} as figures per group (without times), labelled from {@code
   * labels} by key, in no particular order.
   */
  public static List<Figures> figures(List<Object[]> counts, Map<String, String> labels) {
    List<Figures> figures = new ArrayList<>();
    for (Object[] row : counts) {
      String key = key(row[0]);
      String label = labels.get(key);
      figures.add(
          new Figures(
              key,
              label == null || label.isEmpty() ? key : label,
              count(row[1]),
              count(row[2]),
              count(row[3]),
              count(row[4]),
              count(row[5]),
              null,
              null,
              null,
              null,
              count(row[6]),
              null,
              null,
              seconds(row[7]),
              count(row[8]),
              count(row[9]),
              count(row[10]),
              count(row[11])));
    }
    return figures;
  }

  /** A group's key as text: an hour's number, a date as {@code 2026-11-01}, an id. */
  public static String key(Object value) {
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

  /** A number read from the database as seconds; null stays null. */
  public static Double seconds(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }
}
