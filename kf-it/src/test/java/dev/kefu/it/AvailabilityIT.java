package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An open widget learns when whether anyone answers changes under it ({@code availability}): the
 * first agent of the department comes online, the last one goes away or closes their console, the
 * department's hours end, or an admin takes an agent out of a custom status. A visitor who picked a
 * department in the pre-chat form hears about that one. Widgets of another department hear nothing,
 * and nothing is repeated while the answer stays the same. An agent added to a department while
 * connected learns how many wait there. "Nothing arrived" is checked after a ping's round trip.
 */
@ExtendWith(KefuServer.class)
class AvailabilityIT {

  private static final String PASSWORD = "availability-" + UUID.randomUUID();

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void openWidgetsAreToldWhenTheFirstAgentComesAndTheLastOneGoes() {
    Place place = place();
    Place elsewhere = place();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    account("av-one-" + suffix, place.departmentId);
    account("av-two-" + suffix, place.departmentId);
    try (Socket visitor = visitor(place);
        Socket other = visitor(elsewhere)) {
      assertThat(visitor.next("welcome").json().getBoolean("online")).isFalse();
      other.next("welcome");

      Socket first = agent("av-one-" + suffix, "online");
      Frame online = visitor.next("availability");
      assertThat(online.json().getBoolean("online")).isTrue();
      assertThat(online.json().getJsonArray("departments")).isEmpty();

      try (Socket second = agent("av-two-" + suffix, "online")) {
        assertThat(visitor.untilPong())
            .as("a second agent changes nothing the widget shows")
            .noneMatch(f -> f.type().equals("availability"));

        first.send("{\"type\":\"status\",\"value\":\"away\"}");
        first.next("status");
        assertThat(visitor.untilPong())
            .as("one agent is still there")
            .noneMatch(f -> f.type().equals("availability"));
        first.close();

        second.send("{\"type\":\"status\",\"value\":\"away\"}");
        second.next("status");
        assertThat(visitor.next("availability").json().getBoolean("online")).isFalse();

        second.send("{\"type\":\"status\",\"value\":\"online\"}");
        second.next("status");
        assertThat(visitor.next("availability").json().getBoolean("online")).isTrue();
      }
      // The last console closed: the agent is offline.
      assertThat(visitor.next("availability").json().getBoolean("online")).isFalse();
      assertThat(other.untilPong())
          .as("the widget of another department hears nothing")
          .noneMatch(f -> f.type().equals("availability"));
    }
  }

  @Test
  void openWidgetsAreToldWhenTheDepartmentsHoursEnd() {
    Place place = place();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    account("av-hours-" + suffix, place.departmentId);
    try (Socket agent = agent("av-hours-" + suffix, "online");
        Socket visitor = visitor(place)) {
      assertThat(visitor.next("welcome").json().getBoolean("online")).isTrue();
      String zone = "Pacific/Kiritimati";
      String holiday = LocalDate.now(ZoneId.of(zone)).toString();
      department(
          place,
          "{\"name\":\"Hours "
              + suffix
              + "\",\"timeZone\":\""
              + zone
              + "\",\"holidays\":[\""
              + holiday
              + "\"]}");
      assertThat(visitor.next("availability").json().getBoolean("online"))
          .as("on a holiday")
          .isFalse();
      department(place, "{\"name\":\"Hours " + suffix + "\",\"timeZone\":\"" + zone + "\"}");
      assertThat(visitor.next("availability").json().getBoolean("online")).isTrue();
    }
  }

  /**
   * A visitor who picked a department in the pre-chat form hears about that department, not about
   * where the site would send them: its last agent going away says "away" to them while the site's
   * own department still answers (and still says "online" to a visitor without a chat), and so does
   * the welcome of their next socket.
   */
  @Test
  void aVisitorWhoPickedADepartmentHearsAboutThatDepartment() {
    Place place = place();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String chosen = newDepartment("Chosen " + suffix);
    widget(
        place,
        "{\"prechat\":{\"enabled\":true,\"fields\":[{\"type\":\"name\",\"required\":true}],"
            + "\"departmentIds\":[\""
            + place.departmentId
            + "\",\""
            + chosen
            + "\"]}}");
    account("av-site-" + suffix, place.departmentId);
    account("av-chosen-" + suffix, chosen);
    try (Socket siteAgent = agent("av-site-" + suffix, "online");
        Socket chosenAgent = agent("av-chosen-" + suffix, "online");
        Socket visitor = visitor(place);
        Socket browsing = visitor(place)) {
      String token = visitor.next("welcome").string("visitorToken");
      browsing.next("welcome");
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "send")
              .add("clientMsgId", UUID.randomUUID().toString())
              .add("text", "About my return")
              .add(
                  "prechat",
                  Json.createObjectBuilder()
                      .add("departmentId", chosen)
                      .add("fields", Json.createObjectBuilder().add("name", "Li")))
              .build()
              .toString());
      String conversationId = visitor.next("ack").string("conversationId");
      chosenAgent.next("conversation");

      chosenAgent.send("{\"type\":\"status\",\"value\":\"away\"}");
      chosenAgent.next("status");
      assertThat(visitor.next("availability").json().getBoolean("online"))
          .as("nobody of the chosen department is there, whoever answers the site")
          .isFalse();
      assertThat(browsing.next("availability").json().getBoolean("online"))
          .as("a visitor without a chat still goes to the site's department")
          .isTrue();
      try (Socket again = visitor(place, token)) {
        assertThat(again.next("welcome").json().getBoolean("online"))
            .as("the next welcome speaks for the chosen department too")
            .isFalse();
      }

      chosenAgent.send("{\"type\":\"status\",\"value\":\"online\"}");
      chosenAgent.next("status");
      assertThat(visitor.next("availability").json().getBoolean("online")).isTrue();
      // Its list of departments to pick from changed, not its answer.
      assertThat(browsing.next("availability").json().getBoolean("online")).isTrue();
      siteAgent.send("{\"type\":\"status\",\"value\":\"away\"}");
      siteAgent.next("status");
      assertThat(browsing.next("availability").json().getBoolean("online")).isFalse();
      assertThat(visitor.next("availability").json().getBoolean("online"))
          .as("the site's department going away does not concern the chosen one's visitor")
          .isTrue();

      chosenAgent.send("{\"type\":\"close\",\"conversationId\":\"" + conversationId + "\"}");
      visitor.next("closed");
      assertThat(visitor.next("availability").json().getBoolean("online"))
          .as("the chat over, a new one would go to the site's department, where nobody is")
          .isFalse();
    }
  }

  /**
   * An agent whose account an admin no longer allows the tenant's own statuses leaves the available
   * one they were in (away), and the open widgets hear it; their own status changes then push as
   * before, and a custom status is refused without a word to the widgets.
   */
  @Test
  void statusChangesPushAvailabilityWhenCustomStatusesAreTurnedOff() {
    Place place = place();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String statusId =
        read(admin(
                "POST",
                "agent-statuses",
                "{\"name\":\"Front desk " + suffix + "\",\"available\":true}",
                201))
            .getString("id");
    String agentId = account("av-custom-" + suffix, place.departmentId);
    try (Socket agent = agent("av-custom-" + suffix, "away");
        Socket visitor = visitor(place)) {
      assertThat(visitor.next("welcome").json().getBoolean("online")).isFalse();
      agent.send("{\"type\":\"status\",\"value\":\"custom\",\"statusId\":\"" + statusId + "\"}");
      agent.next("status");
      assertThat(visitor.next("availability").json().getBoolean("online")).isTrue();

      kefu.fixture("custom-status-allowed", Map.of("agentId", agentId, "allowed", "false"));
      assertThat(visitor.next("availability").json().getBoolean("online"))
          .as("out of the available custom status")
          .isFalse();
      assertThat(agent.next("status").string("value"))
          .as("the agent's console shows it too")
          .isEqualTo("away");

      agent.send("{\"type\":\"status\",\"value\":\"online\"}");
      agent.next("status");
      assertThat(visitor.next("availability").json().getBoolean("online")).isTrue();
      agent.send("{\"type\":\"status\",\"value\":\"away\"}");
      agent.next("status");
      assertThat(visitor.next("availability").json().getBoolean("online")).isFalse();
      agent.send("{\"type\":\"status\",\"value\":\"custom\",\"statusId\":\"" + statusId + "\"}");
      assertThat(agent.next("error").string("code")).isEqualTo("forbidden");
      assertThat(visitor.untilPong()).noneMatch(f -> f.type().equals("availability"));
    }
  }

  /**
   * An agent an admin adds to a department while their console is connected learns how many wait
   * there at once ({@code waiting} with {@code member} true), and that it is no longer theirs when
   * the admin takes them out again ({@code member} false), without reconnecting.
   */
  @Test
  void anAgentAddedToADepartmentLearnsItsWaitingCountWithoutReconnecting() {
    Place own = place();
    Place joined = place();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String agentId = account("av-join-" + suffix, own.departmentId);
    try (Socket agent = agent("av-join-" + suffix, "away");
        Socket visitor = visitor(joined)) {
      visitor.next("welcome");
      visitor.send(Kefu.send("Is anyone there?"));
      visitor.next("ack");
      Frame welcome =
          agent.seen().stream().filter(f -> f.type().equals("welcome")).findFirst().orElseThrow();
      assertThat(welcome.json().getJsonArray("waiting").toString())
          .doesNotContain(joined.departmentId);

      members(joined.departmentId, "[\"" + agentId + "\"]");
      Frame waiting = agent.next("waiting");
      assertThat(waiting.string("departmentId")).isEqualTo(joined.departmentId);
      assertThat(waiting.json().getInt("count")).isEqualTo(1);
      assertThat(waiting.json().getBoolean("member")).isTrue();

      members(joined.departmentId, "[]");
      Frame left = agent.next("waiting");
      assertThat(left.string("departmentId")).isEqualTo(joined.departmentId);
      assertThat(left.json().getBoolean("member")).isFalse();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static jakarta.json.JsonObject read(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  /** A JSON request of the first admin to the REST API; answers the body of the expected answer. */
  private String admin(String method, String path, String json, int status) {
    HttpResponse<String> answer =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/" + path))
                .header("Authorization", Kefu.basic())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    assertThat(answer.statusCode()).as(method + " " + path + " " + answer.body()).isEqualTo(status);
    return answer.body();
  }

  private String newDepartment(String name) {
    return read(admin("POST", "departments", "{\"name\":\"" + name + "\"}", 201)).getString("id");
  }

  private void widget(Place place, String json) {
    admin("PUT", "sites/" + place.siteId + "/widget", json, 200);
  }

  private void members(String departmentId, String agentIds) {
    admin(
        "PUT", "departments/" + departmentId + "/members", "{\"agentIds\":" + agentIds + "}", 200);
  }

  /** A department of its own with a site whose conversations go to it. */
  record Place(String departmentId, String siteKey, String siteId) {}

  private Place place() {
    String[] made = kefu.fixture("departments", Map.of("origins", kefu.origin)).split("\n");
    String siteId = null;
    for (JsonValue site :
        Json.createReader(new StringReader(kefu.get("api/v1/sites"))).readArray()) {
      if (site.asJsonObject().getString("siteKey").equals(made[1])) {
        siteId = site.asJsonObject().getString("id");
      }
    }
    return new Place(made[0], made[1], siteId);
  }

  private String account(String username, String departmentId) {
    return kefu.fixture(
        "accounts",
        Map.of(
            "username",
            username,
            "password",
            PASSWORD,
            "roles",
            "kf-agent",
            "department",
            departmentId));
  }

  private void department(Place place, String json) {
    admin("PUT", "departments/" + place.departmentId, json, 200);
  }

  private Socket visitor(Place place) {
    return visitor(place, null);
  }

  /** A visitor's socket; with a token, the same visitor's further one. */
  private Socket visitor(Place place, String token) {
    Socket socket = Socket.open(kefu.visitorUri(place.siteKey), kefu.origin);
    socket.send(
        "{\"type\":\"hello\",\"protocol\":1,\"locale\":\"en\","
            + (token == null ? "" : "\"visitorToken\":\"" + token + "\",")
            + "\"page\":{\"url\":\""
            + kefu.origin
            + "/shop/\",\"title\":\"Shop\"}}");
    return socket;
  }

  private Socket agent(String username, String status) {
    Socket socket = Socket.open(kefu.agentUri(kefu.ticket(username, PASSWORD)), kefu.origin);
    socket.send("{\"type\":\"hello\",\"protocol\":1}");
    socket.next("welcome");
    socket.send("{\"type\":\"status\",\"value\":\"" + status + "\"}");
    socket.next("status");
    return socket;
  }
}
