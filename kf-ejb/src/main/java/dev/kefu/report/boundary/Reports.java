package dev.kefu.report.boundary;

import dev.kefu.report.control.ReportQuery;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tenant's reports over a period: how many conversations began, how long visitors waited and
 * agents took, how many were missed and how visitors rated them, per hour of the day, per day, per
 * agent or per department. Everything is computed in the database ({@link ReportQuery}, which also
 * defines every figure); this only reads.
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
    List<Figures> rows = figures(tenantId, period, grouping);
    Figures total =
        grouping == Grouping.ALL && !rows.isEmpty()
            ? rows.get(0)
            : figures(tenantId, period, Grouping.ALL).stream()
                .findFirst()
                .orElse(Figures.none("all", "all"));
    return new Report(period, grouping, ordered(rows, period, grouping), total);
  }

  /**
   * Only the counts of the report (conversations, answered, ended, missed, ratings), without the
   * times, which cost the database a sort each: what the reports per hour and per day show. The
   * total is the sum of the rows, since counts add up.
   */
  public Report volume(String tenantId, ReportPeriod period, Grouping grouping) {
    ReportQuery query = new ReportQuery(tenantId, period, grouping);
    List<Figures> rows = ReportQuery.figures(rows(query.counts()), List.of());
    return new Report(period, grouping, ordered(rows, period, grouping), sum(rows));
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

  private List<Figures> figures(String tenantId, ReportPeriod period, Grouping grouping) {
    ReportQuery query = new ReportQuery(tenantId, period, grouping);
    return ReportQuery.figures(rows(query.counts()), rows(query.percentiles()));
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
