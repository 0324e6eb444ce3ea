package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log searched as the admin console searches it and exported with the same filters: by
 * action, object, actor (a user name finds both what the person did and the sign-ins typed with
 * it), as CSV and as JSON; a bad period or format is refused; the export records its filters.
 */
@ExtendWith(KefuServer.class)
class AuditSearchIT {

  Kefu kefu;
  String run;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void theExportNarrowsToTheActionAndObjectAsked() {
    String first = account("it-search-a-" + run);
    account("it-search-b-" + run);

    AuditRows one = csv("action=agent.create&objectId=" + first);
    assertThat(one.rows()).hasSize(1);
    assertThat(one.rows().get(0)).containsEntry("object_id", first);
    assertThat(one.rows().get(0)).containsEntry("action", "agent.create");

    JsonArray json = json("objectId=" + first + "&format=json");
    assertThat(json).hasSize(1);
    JsonObject event = json.getJsonObject(0);
    assertThat(event.getString("action")).isEqualTo("agent.create");
    assertThat(event.getJsonObject("detail").getString("username"))
        .as("the detail as JSON, not as text")
        .isEqualTo("it-search-a-" + run);

    assertThat(csv("action=agent.create&objectId=" + first + "&source=websocket").rows())
        .as("every filter counts")
        .isEmpty();
  }

  @Test
  void aUserNameFindsWhatThePersonDidAndTheSignInsTypedWithIt() {
    String username = "it-actor-" + run;
    String id = account(username);
    HttpResponse<String> signIn = get("api/v1/auth/me", Kefu.basic(username, "wrong-" + run));
    assertThat(signIn.statusCode()).isEqualTo(401);
    // The account acts: it sets no password, but its own sign-in is an event of its own.
    assertThat(get("api/v1/auth/me", Kefu.basic(username, "right-" + run)).statusCode())
        .isEqualTo(200);

    AuditRows theirs = csv("actor=" + username);
    assertThat(theirs.where("action", "signin.failure")).hasSize(1);
    assertThat(theirs.where("action", "signin.success")).isNotEmpty();
    assertThat(theirs.rows())
        .allMatch(row -> row.get("actor").equals(username) || row.get("actor").equals(id));
    assertThat(csv("actor=" + username + "&action=agent.create").rows())
        .as("the admin made the account, not the person")
        .isEmpty();
  }

  @Test
  void aPeriodThatEndsBeforeItStartsOrAnUnknownFormatIsRefused() {
    assertThat(get("api/v1/audit?from=2030-01-02&to=2030-01-01", Kefu.basic()).statusCode())
        .isEqualTo(400);
    assertThat(get("api/v1/audit?format=xml", Kefu.basic()).statusCode()).isEqualTo(400);
  }

  @Test
  void theExportRecordsTheFiltersItWasAskedFor() {
    String marker = "a-marker-" + run;
    csv("objectId=" + marker);
    JsonArray exports = json("action=audit.export&format=json");
    assertThat(exports.stream().map(e -> e.asJsonObject().getJsonObject("detail")))
        .anySatisfy(detail -> assertThat(detail.getString("objectId", "")).isEqualTo(marker));
  }

  private String account(String username) {
    HttpResponse<String> made =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/accounts"))
                .header("Authorization", Kefu.basic())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("username", username)
                            .add("password", "right-" + run)
                            .build()
                            .toString())));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    return Json.createReader(new StringReader(made.body())).readObject().getString("id");
  }

  private AuditRows csv(String query) {
    HttpResponse<String> answer = get("api/v1/audit?" + encoded(query), Kefu.basic());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    return AuditRows.parse(answer.body());
  }

  private JsonArray json(String query) {
    HttpResponse<String> answer = get("api/v1/audit?" + encoded(query), Kefu.basic());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    return Json.createReader(new StringReader(answer.body())).readArray();
  }

  private static String encoded(String query) {
    StringBuilder out = new StringBuilder();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      out.append(out.isEmpty() ? "" : "&")
          .append(pair, 0, eq + 1)
          .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private HttpResponse<String> get(String path, String authorization) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve(path))
            .header("Authorization", authorization)
            .GET());
  }
}
