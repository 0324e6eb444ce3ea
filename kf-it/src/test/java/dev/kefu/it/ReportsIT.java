package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reports as an admin exports them: figures of conversations with known times, on a day long
 * past that no other test writes on, and of a conversation held through the sockets today; and the
 * refusals of a period that is none. Runs on H2 and on MariaDB, so that the reports' SQL (time
 * zones, percentiles) is proved on both.
 */
@ExtendWith(KefuServer.class)
class ReportsIT {

  /** A day of its own per run: the server's database may outlive one run. */
  private static final LocalDate DAY =
      LocalDate.of(2003, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 5000));

  private static boolean made;

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    if (!made) {
      // Shanghai is UTC+8: DAY there begins at 16:00Z the day before.
      String before = DAY.minusDays(1) + "T";
      String on = DAY + "T";
      conversation(before + "16:30:00Z", 10, 30, 330, "CLOSED", 5, true);
      conversation(on + "01:00:00Z", 20, 50, 620, "CLOSED", 2, true);
      conversation(on + "01:30:00Z", null, null, 120, "MISSED", null, false);
      conversation(on + "02:00:00Z", 40, 60, 640, "CLOSED", 4, true);
      // Answered after 15 s, then transferred: its latest assignment came later.
      conversation(on + "04:00:00Z", 100, 15, 400, "CLOSED", null, true);
      // A second before DAY begins in Shanghai: outside the report.
      conversation(before + "15:59:59Z", 1, 1, 2, "CLOSED", 1, true);
      made = true;
    }
  }

  @Test
  void waitAndFirstResponseAreMediansAndNinetiethPercentilesOfTheDay() {
    Map<String, List<String>> wait = csv("wait", DAY, DAY, "Asia/Shanghai", "all");
    assertThat(wait.get("header"))
        .containsExactly(
            "period",
            "conversations",
            "waited",
            "wait_median_s",
            "wait_p90_s",
            "answered",
            "first_response_median_s",
            "first_response_p90_s");
    // Waits 10, 15, 20, 40 and 120 (the missed one, until it closed); first responses 15 to 60.
    assertThat(wait.get("total"))
        .containsExactly("total", "5", "5", "20.0", "88.0", "4", "40.0", "57.0");
    assertThat(wait.get("all")).isEqualTo(replaceFirst(wait.get("total"), "all"));
  }

  @Test
  void handleTimeMissedChatsAndSatisfactionOfTheDay() {
    assertThat(csv("handle", DAY, DAY, "Asia/Shanghai", "all").get("total"))
        .containsExactly("total", "4", "492.5", "600.0", "476.3");
    assertThat(csv("missed", DAY, DAY, "Asia/Shanghai", "all").get("total"))
        .containsExactly("total", "5", "5", "1", "0.2000");
    assertThat(csv("satisfaction", DAY, DAY, "Asia/Shanghai", "all").get("total"))
        .containsExactly("total", "3", "2", "1", "0.6667", "3.6667");
  }

  @Test
  void conversationsPerHourAndDayAreCountedOnTheClockOfTheChosenZone() {
    Map<String, List<String>> hours = csv("hours", DAY, DAY, "Asia/Shanghai", null);
    assertThat(hours.get("0")).containsExactly("0", "1", "1", "0");
    assertThat(hours.get("9")).containsExactly("9", "2", "1", "1");
    assertThat(hours.get("10")).containsExactly("10", "1", "1", "0");
    assertThat(hours.get("12")).containsExactly("12", "1", "1", "0");
    // The conversation a second before DAY began is not in it.
    assertThat(hours.get("23")).containsExactly("23", "0", "0", "0");
    assertThat(hours).hasSize(24 + 2);

    Map<String, List<String>> shanghai =
        csv("days", DAY.minusDays(1), DAY.plusDays(1), "Asia/Shanghai", null);
    assertThat(shanghai.get(DAY.toString())).containsExactly(DAY.toString(), "5", "4", "1");
    assertThat(shanghai.get(DAY.minusDays(1).toString()).get(1)).isEqualTo("1");
    Map<String, List<String>> utc = csv("days", DAY.minusDays(1), DAY.plusDays(1), "UTC", null);
    assertThat(utc.get(DAY.minusDays(1).toString()).get(1)).isEqualTo("2");
    assertThat(utc.get(DAY.toString()).get(1)).isEqualTo("4");
  }

  @Test
  void perAgentTheAdminsConversationsAndThoseNobodyTookAreRowsOfTheirOwn() {
    Map<String, List<String>> agents = csv("missed", DAY, DAY, "Asia/Shanghai", "agent");
    assertThat(agents.get("header").subList(0, 2)).containsExactly("agent_id", "agent");
    List<String> admin =
        agents.values().stream()
            .filter(row -> row.get(0).startsWith("a-"))
            .findFirst()
            .orElseThrow();
    assertThat(admin.subList(1, 6)).containsExactly("Admin", "4", "4", "0", "0.0000");
    assertThat(agents.get("")).containsExactly("", "", "1", "1", "1", "1.0000");
    Map<String, List<String>> departments = csv("wait", DAY, DAY, "Asia/Shanghai", "department");
    assertThat(departments.get("header").get(0)).isEqualTo("department_id");
    assertThat(departments).hasSize(3);
  }

  @Test
  void aConversationThroughTheSocketsCountsToday() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<String> before = csv("days", today, today, "UTC", null).get("total");
    // Away, the admin is handed no waiting conversation of other tests; they take this one.
    try (Socket agent = kefu.agent("away");
        Kefu.Visitor visitor = kefu.visitor()) {
      visitor.socket().send(Kefu.send("How long will my order take?"));
      String conversationId = visitor.socket().next("ack").string("conversationId");
      agent.send("{\"type\":\"take\",\"conversationId\":\"" + conversationId + "\"}");
      agent.next(
          frame ->
              frame.type().equals("conversation")
                  && frame.object("conversation").getString("id").equals(conversationId));
      agent.send(
          "{\"type\":\"send\",\"conversationId\":\""
              + conversationId
              + "\",\"clientMsgId\":\"r-"
              + System.nanoTime()
              + "\",\"text\":\"Two days.\"}");
      agent.next("ack");
      visitor.end(conversationId);
      agent.send("{\"type\":\"status\",\"value\":\"offline\"}");
      agent.next("status");
    }
    List<String> after = csv("days", today, today, "UTC", null).get("total");
    assertThat(Long.parseLong(after.get(1))).isEqualTo(Long.parseLong(before.get(1)) + 1);
    assertThat(Long.parseLong(after.get(2))).isEqualTo(Long.parseLong(before.get(2)) + 1);
  }

  @Test
  void aPeriodThatIsNoneIsRefusedWithItsReason() {
    assertThat(refusal("wait.csv?from=" + DAY + "&to=" + DAY.minusDays(1)))
        .contains("report_period_reversed");
    assertThat(refusal("wait.csv?from=" + DAY + "&to=" + DAY.plusDays(366)))
        .contains("report_period_too_long");
    assertThat(refusal("wait.csv?from=" + DAY + "&to=" + DAY + "&zone=Beijing"))
        .contains("report_zone_unknown");
    assertThat(refusal("wait.csv?from=yesterday")).contains("bad_request");
    assertThat(refusal("wait.csv?group=hour")).contains("bad_request");
    HttpResponse<String> none = get("api/v1/reports/nothing.csv");
    assertThat(none.statusCode()).isEqualTo(404);
  }

  private String refusal(String path) {
    HttpResponse<String> answer = get("api/v1/reports/" + path);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    return answer.body();
  }

  private HttpResponse<String> get(String path) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve(path)).header("Authorization", Kefu.basic()));
  }

  /** A report's CSV by its first cell ({@code header} for the header line). */
  private Map<String, List<String>> csv(
      String report, LocalDate from, LocalDate to, String zone, String group) {
    HttpResponse<String> answer =
        get(
            "api/v1/reports/"
                + report
                + ".csv?from="
                + from
                + "&to="
                + to
                + "&zone="
                + zone
                + (group == null ? "" : "&group=" + group));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String body = answer.body();
    assertThat(body).startsWith("\uFEFF");
    Map<String, List<String>> rows = new LinkedHashMap<>();
    String[] lines = body.substring(1).split("\r\n");
    rows.put("header", Arrays.asList(lines[0].split(",", -1)));
    for (int i = 1; i < lines.length; i++) {
      List<String> cells = Arrays.asList(lines[i].split(",", -1));
      rows.put(cells.get(0), cells);
    }
    return rows;
  }

  private static List<String> replaceFirst(List<String> row, String first) {
    List<String> copy = new java.util.ArrayList<>(row);
    copy.set(0, first);
    return copy;
  }

  private void conversation(
      String createdAt,
      Integer assignedAfter,
      Integer answeredAfter,
      Integer closedAfter,
      String state,
      Integer rating,
      boolean byMe) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("createdAt", createdAt);
    form.put("state", state);
    form.put("byMe", Boolean.toString(byMe));
    if (assignedAfter != null) {
      form.put("assignedAfter", assignedAfter.toString());
    }
    if (answeredAfter != null) {
      form.put("answeredAfter", answeredAfter.toString());
    }
    if (closedAfter != null) {
      form.put("closedAfter", closedAfter.toString());
    }
    if (rating != null) {
      form.put("rating", rating.toString());
    }
    kefu.fixture("report-conversations", form);
  }
}
