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
 * department's hours end. Widgets of another department hear nothing, and nothing is repeated while
 * the answer stays the same. "Nothing arrived" is checked after a ping's round trip.
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

  // ---------------------------------------------------------------- helpers

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

  private void account(String username, String departmentId) {
    kefu.fixture(
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
    HttpResponse<String> answer =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/departments/" + place.departmentId))
                .header("Authorization", Kefu.basic())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private Socket visitor(Place place) {
    Socket socket = Socket.open(kefu.visitorUri(place.siteKey), kefu.origin);
    socket.send(
        "{\"type\":\"hello\",\"protocol\":1,\"locale\":\"en\",\"page\":{\"url\":\""
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
