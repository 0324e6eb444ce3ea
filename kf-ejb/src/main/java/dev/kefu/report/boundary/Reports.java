package dev.kefu.report.boundary;

import dev.kefu.report.control.ReportQuery;
import dev.kefu.report.control.ReportTally;
import dev.kefu.report.entity.Figures;
import dev.kefu.report.entity.Grouping;
import dev.kefu.report.entity.Report;
import dev.kefu.report.entity.ReportPeriod;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hibernate.Session;

/**
 * The tenant's reports over a period: how many conversations began, how long visitors waited and
 * agents took, how many were missed and how visitors rated them, per hour of the day, per day, per
 * agent or per department. The database reads the period's conversations from one index ({@link
 * ReportQuery}, which also defines every figure); counts are summed there, medians and percentiles
 * are taken here ({@link ReportTally}). This only reads.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Reports {

  public static final String DEFAULT_ZONE = "UTC";

  @PersistenceContext private EntityManager em;

  /**
   * The report of the tenant's conversations that began in the period, in rows of the grouping,
   * with the whole period's figures as its total. Every hour (0 to 23) and every day of the period
   * has a row, even without conversations; agents and departments are in the order of their names.
   */
  public Report report(String tenantId, ReportPeriod period, Grouping grouping) {
    ReportQuery query = new ReportQuery(tenantId, period, grouping);
    ReportTally tally = tally(query.times());
    Figures total = tally.total();
    return new Report(
        period,
        grouping,
        ordered(tally.figures(labels(query)), period, grouping),
        total == null ? Figures.none("all", "all") : total);
  }

  /**
   * Only the counts of the report (conversations, answered, ended, missed, ratings), without the
   * times, which cost a sort each: what the reports per hour and per day show. The total is the sum
   * of the rows, since counts add up.
   */
  public Report volume(String tenantId, ReportPeriod period, Grouping grouping) {
    ReportQuery query = new ReportQuery(tenantId, period, grouping);
    List<Figures> rows = ReportQuery.figures(rows(query.counts()), labels(query));
    return new Report(period, grouping, ordered(rows, period, grouping), sum(rows));
  }

  /** The names of the report's groups by key; empty where keys are their own labels. */
  private Map<String, String> labels(ReportQuery query) {
    ReportQuery.Sql sql = query.labels();
    if (sql == null) {
      return Map.of();
    }
    Map<String, String> labels = new HashMap<>();
    for (Object[] row : rows(sql)) {
      labels.put(ReportQuery.key(row[0]), row[1] == null ? "" : row[1].toString());
    }
    return labels;
  }

  /**
   * Counts the conversations of the times query as the database hands them over, through JDBC: one
   * read of the period's rows, no object per row but the tally's numbers.
   */
  private ReportTally tally(ReportQuery.Sql sql) {
    return em.unwrap(Session.class)
        .doReturningWork(
            connection -> {
              ReportTally tally = new ReportTally();
              try (PreparedStatement statement = connection.prepareStatement(jdbc(sql))) {
                bind(statement, sql);
                statement.setFetchSize(FETCH);
                try (ResultSet rows = statement.executeQuery()) {
                  while (rows.next()) {
                    String key = ReportQuery.key(rows.getObject(1));
                    String state = rows.getString(2);
                    boolean answered = rows.getInt(3) == 1;
                    int rating = rows.getInt(4);
                    Integer rated = rows.wasNull() ? null : rating;
                    tally.add(
                        key,
                        state,
                        answered,
                        rated,
                        seconds(rows, 5),
                        seconds(rows, 6),
                        seconds(rows, 7));
                  }
                }
              }
              return tally;
            });
  }

  private static final int FETCH = 1_000;
  private static final Pattern NUMBERED = Pattern.compile("\\?(\\d+)");

  /** The query with JDBC's plain {@code ?} for each {@code ?n}, bound in {@link #bind}. */
  private static String jdbc(ReportQuery.Sql sql) {
    return NUMBERED.matcher(sql.text()).replaceAll("?");
  }

  /** Binds each {@code ?n} of the query, in the order they appear, to its value. */
  private static void bind(PreparedStatement statement, ReportQuery.Sql sql) throws SQLException {
    Matcher numbered = NUMBERED.matcher(sql.text());
    int place = 0;
    while (numbered.find()) {
      statement.setObject(++place, sql.parameters().get(Integer.parseInt(numbered.group(1)) - 1));
    }
  }

  private static Double seconds(ResultSet rows, int column) throws SQLException {
    double value = rows.getDouble(column);
    return rows.wasNull() ? null : value;
  }

  private static Figures sum(List<Figures> rows) {
    long conversations = 0;
    long answered = 0;
    long ended = 0;
    long missed = 0;
    long waited = 0;
    long handled = 0;
    long rated = 0;
    long good = 0;
    long bad = 0;
    long stars = 0;
    for (Figures row : rows) {
      conversations += row.conversations();
      answered += row.answered();
      ended += row.ended();
      missed += row.missed();
      waited += row.waited();
      handled += row.handled();
      rated += row.rated();
      good += row.good();
      bad += row.bad();
      stars += row.stars();
    }
    return new Figures(
        "all",
        "all",
        conversations,
        answered,
        ended,
        missed,
        waited,
        null,
        null,
        null,
        null,
        handled,
        null,
        null,
        null,
        rated,
        good,
        bad,
        stars);
  }

  /**
   * The time zone a tenant's reports use unless the admin picks another: that of its oldest
   * department with one, else {@value #DEFAULT_ZONE}.
   */
  public ZoneId defaultZone(String tenantId) {
    return em
        .createQuery(
            "select d.timeZone from Department d where d.tenantId = :t and d.timeZone is not null"
                + " order by d.createdAt, d.id",
            String.class)
        .setParameter("t", tenantId)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst()
        .map(ZoneId::of)
        .orElse(ZoneId.of(DEFAULT_ZONE));
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> rows(ReportQuery.Sql sql) {
    Query query = em.createNativeQuery(sql.text());
    List<Object> parameters = sql.parameters();
    for (int i = 0; i < parameters.size(); i++) {
      query.setParameter(i + 1, parameters.get(i));
    }
    return query.getResultList();
  }

  private static List<Figures> ordered(List<Figures> rows, ReportPeriod period, Grouping grouping) {
    Map<String, Figures> byKey =
        rows.stream().collect(Collectors.toMap(Figures::key, Function.identity()));
    List<Figures> ordered = new ArrayList<>();
    switch (grouping) {
      case HOUR -> {
        for (int hour = 0; hour < 24; hour++) {
          String key = Integer.toString(hour);
          ordered.add(byKey.getOrDefault(key, Figures.none(key, key)));
        }
      }
      case DAY -> {
        for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
          String key = day.toString();
          ordered.add(byKey.getOrDefault(key, Figures.none(key, key)));
        }
      }
      default -> {
        ordered.addAll(rows);
        // Conversations nobody took (key "") come last; the others by name, then id.
        ordered.sort(
            Comparator.comparing((Figures f) -> f.key().isEmpty())
                .thenComparing(Figures::label, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(Figures::key));
      }
    }
    return ordered;
  }
}
