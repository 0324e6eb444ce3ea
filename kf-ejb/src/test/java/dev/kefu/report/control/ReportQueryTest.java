package dev.kefu.report.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kefu.report.entity.Figures;
import dev.kefu.report.entity.Grouping;
import dev.kefu.report.entity.ReportPeriod;
import dev.kefu.setup.boundary.SchemaMigration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's SQL on the embedded database built by the migrations, over conversations with known
 * times: every figure as {@link ReportQuery} defines it, per group, in the period's zone.
 */
class ReportQueryTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

  @TempDir Path dir;
  private String url;

  @BeforeEach
  void schema() throws SQLException {
    url =
        "jdbc:h2:file:"
            + dir.resolve("kefu")
            + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    SchemaMigration.configure(false).dataSource(url, "sa", "").load().migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      for (String tenant : List.of("t-1", "t-2")) {
        s.execute(
            "INSERT INTO tenant (id, name, created_at) VALUES ('"
                + tenant
                + "', 'T', CURRENT_TIMESTAMP)");
      }
      s.execute(
          "INSERT INTO department (id, tenant_id, name, created_at, strategy) VALUES"
              + " ('d-1', 't-1', 'Sales', CURRENT_TIMESTAMP, 'LEAST_BUSY'),"
              + " ('d-2', 't-1', 'Support', CURRENT_TIMESTAMP, 'LEAST_BUSY'),"
              + " ('d-9', 't-2', 'Other', CURRENT_TIMESTAMP, 'LEAST_BUSY')");
      s.execute(
          "INSERT INTO site (id, tenant_id, site_key, name, allowed_origins, greeting, secret,"
              + " enabled, default_department_id, created_at) VALUES"
              + " ('s-1', 't-1', 'k1', 'S', '', '', 'x', TRUE, 'd-1', CURRENT_TIMESTAMP),"
              + " ('s-9', 't-2', 'k9', 'S', '', '', 'x', TRUE, 'd-9', CURRENT_TIMESTAMP)");
      s.execute(
          "INSERT INTO agent (id, tenant_id, username, display_name, roles, status, capacity,"
              + " created_at) VALUES"
              + " ('a-1', 't-1', 'li', 'Li Lei', 'kf-agent', 'ONLINE', 5, CURRENT_TIMESTAMP),"
              + " ('a-2', 't-1', 'han', 'Han Meimei', 'kf-agent', 'ONLINE', 5, CURRENT_TIMESTAMP)");
      s.execute(
          "INSERT INTO visitor (id, tenant_id, site_id, visits, created_at, last_seen_at) VALUES"
              + " ('v-1', 't-1', 's-1', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),"
              + " ('v-9', 't-2', 's-9', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    }
    // Shanghai is UTC+8: 2026-11-02 there runs from 2026-11-01T16:00Z to 2026-11-02T16:00Z.
    conversation("c1", "2026-11-01T16:30:00Z", "a-1", "d-1", 10, 30, 330, "CLOSED", 5);
    conversation("c2", "2026-11-02T01:00:00Z", "a-1", "d-1", 20, 50, 620, "CLOSED", 2);
    conversation("c3", "2026-11-02T01:30:00Z", null, "d-2", null, null, 120, "MISSED", null);
    conversation("c4", "2026-11-02T02:00:00Z", "a-2", "d-2", 40, 60, 640, "CLOSED", 4);
    conversation("c5", "2026-11-02T03:00:00Z", null, "d-1", null, null, null, "QUEUED", null);
    // Answered after 15 s, then transferred: assigned_at holds the second assignment.
    conversation("c7", "2026-11-02T04:00:00Z", "a-2", "d-1", 100, 15, 400, "CLOSED", null);
    // Just before the day in Shanghai, and another tenant's: neither counts.
    conversation("c6", "2026-11-01T15:59:59Z", "a-1", "d-1", 1, 1, 2, "CLOSED", 1);
    conversationOf("t-2", "s-9", "v-9", "c9", "2026-11-02T05:00:00Z", "d-9");
  }

  @Test
  void wholeDayHasEveryFigureOfItsConversations() throws SQLException {
    Figures all = only(run(Grouping.ALL, SHANGHAI));
    assertThat(all.conversations()).isEqualTo(6);
    assertThat(all.answered()).isEqualTo(4);
    assertThat(all.ended()).isEqualTo(5);
    assertThat(all.missed()).isEqualTo(1);
    assertThat(all.missedRate()).isEqualTo(0.2);
    // Waits 10, 15 (answered before its later assignment), 20, 40 and 120 (missed, until closed).
    assertThat(all.waited()).isEqualTo(5);
    assertThat(all.waitMedian()).isCloseTo(20, within(0.001));
    assertThat(all.waitP90()).isCloseTo(88, within(0.001));
    // First responses 15, 30, 50, 60.
    assertThat(all.firstResponseMedian()).isCloseTo(40, within(0.001));
    assertThat(all.firstResponseP90()).isCloseTo(57, within(0.001));
    // Handle times 320, 385, 600, 600.
    assertThat(all.handled()).isEqualTo(4);
    assertThat(all.handleMedian()).isCloseTo(492.5, within(0.001));
    assertThat(all.handleP90()).isCloseTo(600, within(0.001));
    assertThat(all.handleAverage()).isCloseTo(476.25, within(0.001));
    assertThat(all.rated()).isEqualTo(3);
    assertThat(all.good()).isEqualTo(2);
    assertThat(all.bad()).isEqualTo(1);
    assertThat(all.averageScore()).isCloseTo(11 / 3.0, within(0.001));
    assertThat(all.goodShare()).isCloseTo(2 / 3.0, within(0.001));
  }

  @Test
  void hoursAreTheHoursOfThePeriodsZone() throws SQLException {
    Map<String, Figures> hours = byKey(run(Grouping.HOUR, SHANGHAI));
    assertThat(hours.keySet()).containsExactlyInAnyOrder("0", "9", "10", "11", "12");
    assertThat(hours.get("9").conversations()).isEqualTo(2);
    assertThat(hours.get("9").missed()).isEqualTo(1);
    assertThat(hours.get("0").firstResponseMedian()).isCloseTo(30, within(0.001));
  }

  @Test
  void daysAreTheDaysOfThePeriodsZone() throws SQLException {
    ReportPeriod twoDays = new ReportPeriod(DAY.minusDays(1), DAY, SHANGHAI);
    Map<String, Figures> days = byKey(run(twoDays, Grouping.DAY));
    assertThat(days.get("2026-11-01").conversations()).isEqualTo(1);
    assertThat(days.get("2026-11-02").conversations()).isEqualTo(6);
    Map<String, Figures> utcDays =
        byKey(run(new ReportPeriod(DAY.minusDays(1), DAY, ZoneOffset.UTC), Grouping.DAY));
    assertThat(utcDays.get("2026-11-01").conversations()).isEqualTo(2);
    assertThat(utcDays.get("2026-11-02").conversations()).isEqualTo(5);
  }

  @Test
  void agentsAreWhoHadTheConversationLastAndNobodyIsARowOfItsOwn() throws SQLException {
    Map<String, Figures> agents = byKey(run(Grouping.AGENT, SHANGHAI));
    assertThat(agents.get("a-1").label()).isEqualTo("Li Lei");
    assertThat(agents.get("a-1").conversations()).isEqualTo(2);
    assertThat(agents.get("a-1").waitMedian()).isCloseTo(15, within(0.001));
    assertThat(agents.get("a-2").label()).isEqualTo("Han Meimei");
    assertThat(agents.get("a-2").handleMedian()).isCloseTo(492.5, within(0.001));
    assertThat(agents.get("").conversations()).isEqualTo(2);
    assertThat(agents.get("").missed()).isEqualTo(1);
  }

  @Test
  void departmentsCarryTheirNames() throws SQLException {
    Map<String, Figures> departments = byKey(run(Grouping.DEPARTMENT, SHANGHAI));
    assertThat(departments.get("d-1").label()).isEqualTo("Sales");
    assertThat(departments.get("d-1").conversations()).isEqualTo(4);
    assertThat(departments.get("d-2").label()).isEqualTo("Support");
    assertThat(departments.get("d-2").missedRate()).isEqualTo(0.5);
  }

  @Test
  void anHourRepeatedWhenTheClocksGoBackCountsOnceAsTheClockReadIt() throws SQLException {
    // New York leaves daylight saving on 2026-11-01 at 06:00Z: 01:30 happens twice.
    conversationOf("t-1", "s-1", "v-1", "n1", "2026-11-01T05:30:00Z", "d-1");
    conversationOf("t-1", "s-1", "v-1", "n2", "2026-11-01T06:30:00Z", "d-1");
    conversationOf("t-1", "s-1", "v-1", "n3", "2026-11-01T12:00:00Z", "d-1");
    LocalDate sunday = LocalDate.of(2026, 11, 1);
    Map<String, Figures> hours =
        byKey(run(new ReportPeriod(sunday, sunday, ZoneId.of("America/New_York")), Grouping.HOUR));
    assertThat(hours.get("1").conversations()).isEqualTo(2);
    assertThat(hours.get("7").conversations()).isEqualTo(1);
    // c6 (15:59:59Z, 10:59:59 in New York) and c1 (16:30Z, 11:30) fall on that Sunday too.
    assertThat(hours.get("10").conversations()).isEqualTo(1);
    assertThat(hours.get("11").conversations()).isEqualTo(1);
  }

  @Test
  void aPeriodWithoutConversationsHasNoRows() throws SQLException {
    LocalDate empty = LocalDate.of(2025, 1, 1);
    assertThat(run(new ReportPeriod(empty, empty, SHANGHAI), Grouping.ALL)).isEmpty();
  }

  private List<Figures> run(Grouping grouping, ZoneId zone) throws SQLException {
    return run(new ReportPeriod(DAY, DAY, zone), grouping);
  }

  private List<Figures> run(ReportPeriod period, Grouping grouping) throws SQLException {
    ReportQuery query = new ReportQuery("t-1", period, grouping);
    Map<String, String> labels = new HashMap<>();
    if (query.labels() != null) {
      for (Object[] row : rows(query.labels())) {
        labels.put(ReportQuery.key(row[0]), (String) row[1]);
      }
    }
    ReportTally tally = new ReportTally();
    for (Object[] row : rows(query.times())) {
      tally.add(
          ReportQuery.key(row[0]),
          (String) row[1],
          ((Number) row[2]).intValue() == 1,
          row[3] == null ? null : ((Number) row[3]).intValue(),
          ReportQuery.seconds(row[4]),
          ReportQuery.seconds(row[5]),
          ReportQuery.seconds(row[6]));
    }
    List<Figures> figures = tally.figures(labels);
    assertCountsAgree(ReportQuery.figures(rows(query.counts()), labels), figures);
    return figures;
  }

  /** The counts the database sums (the reports per hour and day) are the tally's counts. */
  private static void assertCountsAgree(List<Figures> summed, List<Figures> tallied) {
    Map<String, Figures> byKey = byKey(tallied);
    assertThat(summed).hasSameSizeAs(tallied);
    for (Figures sum : summed) {
      Figures tally = byKey.get(sum.key());
      assertThat(tally).as(sum.key()).isNotNull();
      assertThat(sum.label()).isEqualTo(tally.label());
      assertThat(
              List.of(
                  sum.conversations(),
                  sum.answered(),
                  sum.ended(),
                  sum.missed(),
                  sum.waited(),
                  sum.handled(),
                  sum.rated(),
                  sum.good(),
                  sum.bad(),
                  sum.stars()))
          .as(sum.key())
          .isEqualTo(
              List.of(
                  tally.conversations(),
                  tally.answered(),
                  tally.ended(),
                  tally.missed(),
                  tally.waited(),
                  tally.handled(),
                  tally.rated(),
                  tally.good(),
                  tally.bad(),
                  tally.stars()));
      if (tally.handleAverage() == null) {
        assertThat(sum.handleAverage()).isNull();
      } else {
        assertThat(sum.handleAverage()).isCloseTo(tally.handleAverage(), within(0.001));
      }
    }
  }

  private static Figures only(List<Figures> figures) {
    assertThat(figures).hasSize(1);
    return figures.get(0);
  }

  private static Map<String, Figures> byKey(List<Figures> figures) {
    return figures.stream().collect(Collectors.toMap(Figures::key, Function.identity()));
  }

  private List<Object[]> rows(ReportQuery.Sql sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement statement = c.prepareStatement(sql.text().replaceAll("\\?\\d+", "?"))) {
      List<Object> parameters = sql.parameters();
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          Object[] row = new Object[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = result.getObject(i + 1);
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private void conversation(
      String id,
      String created,
      String agent,
      String department,
      Integer assignedAfter,
      Integer answeredAfter,
      Integer closedAfter,
      String state,
      Integer rating)
      throws SQLException {
    Instant start = Instant.parse(created);
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO conversation (id, tenant_id, site_id, department_id, visitor_id,"
                    + " agent_id, state, last_seq, visitor_read_seq, agent_read_seq, created_at,"
                    + " assigned_at, first_response_at, closed_at, rating_score)"
                    + " VALUES (?, 't-1', 's-1', ?, 'v-1', ?, ?, 0, 0, 0, ?, ?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, department);
      s.setString(3, agent);
      s.setString(4, state);
      s.setObject(5, utc(start));
      s.setObject(6, assignedAfter == null ? null : utc(start.plusSeconds(assignedAfter)));
      s.setObject(7, answeredAfter == null ? null : utc(start.plusSeconds(answeredAfter)));
      s.setObject(8, closedAfter == null ? null : utc(start.plusSeconds(closedAfter)));
      s.setObject(9, rating);
      s.executeUpdate();
    }
  }

  private void conversationOf(
      String tenant, String site, String visitor, String id, String created, String department)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO conversation (id, tenant_id, site_id, department_id, visitor_id,"
                    + " state, last_seq, visitor_read_seq, agent_read_seq, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, 'QUEUED', 0, 0, 0, ?)")) {
      s.setString(1, id);
      s.setString(2, tenant);
      s.setString(3, site);
      s.setString(4, department);
      s.setString(5, visitor);
      s.setObject(6, utc(Instant.parse(created)));
      s.executeUpdate();
    }
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
