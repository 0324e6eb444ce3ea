package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The back office's conversation history through its REST API: each filter, words in English and
 * Chinese (MariaDB's full-text index and the LIKE search), the visitor by exact name, e-mail and
 * id, the transcript with notes and system lines, the CSV and JSON exports and their audit (that
 * they are streamed with a flat heap is measured on 100,000 conversations, docs/benchmarks.md), and
 * that another tenant's admin finds none of it. The conversations are made once, on a site and
 * department of their own, so every search is narrowed to that site.
 */
@ExtendWith(KefuServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryIT {

  private static final String PASSWORD = "history-" + UUID.randomUUID();

  Kefu kefu;
  HttpClient admin;
  final String suffix = Long.toString(System.nanoTime(), 36);
  String departmentId;
  String siteKey;
  String siteId;
  String agentId;
  String english;
  String chinese;
  String chineseVisitor;

  @BeforeAll
  void converse(URL deployment) {
    kefu = new Kefu(deployment);
    String[] made = kefu.fixture("departments", Map.of("origins", kefu.origin)).split("\n");
    departmentId = made[0];
    siteKey = made[1];
    for (JsonValue site : array(call("GET", "sites", null, 200))) {
      if (site.asJsonObject().getString("siteKey").equals(siteKey)) {
        siteId = site.asJsonObject().getString("id");
      }
    }
    call(
        "PUT",
        "sites/" + siteId + "/widget",
        "{\"prechat\":{\"enabled\":true,\"fields\":[{\"type\":\"name\",\"required\":false},"
            + "{\"type\":\"email\",\"required\":false},"
            + "{\"type\":\"text\",\"key\":\"order\",\"label\":\"Order number\",\"required\":false}],"
            + "\"departmentIds\":[\""
            + departmentId
            + "\"]}}",
        200);
    String agent = "history-agent-" + suffix;
    agentId =
        kefu.fixture(
            "accounts",
            Map.of(
                "username",
                agent,
                "password",
                PASSWORD,
                "roles",
                "kf-agent",
                "department",
                departmentId));
    try (Socket console = online(agent)) {
      try (Socket visitor = visitor("en")) {
        Frame welcome = visitor.next("welcome");
        visitor.send(
            send(
                "I need a refund, parcel" + suffix + " arrived broken",
                Map.of(
                    "name",
                    "Ada \"The Countess\", Lovelace " + suffix,
                    "email",
                    "ada-" + suffix + "@Example.com",
                    "order",
                    "A-" + suffix)));
        english = visitor.next("ack").string("conversationId");
        console.next("conversation");
        console.send(frame("send", english, "=Sorry to hear that, refund started"));
        console.next("ack");
        console.send(frame("note", english, "Checked the courier " + suffix));
        console.next(f -> f.type().equals("ack") || f.type().equals("note"));
        console.untilPong();
        visitor.send("{\"type\":\"close\",\"conversationId\":\"" + english + "\"}");
        visitor.next("closed");
        visitor.send("{\"type\":\"rate\",\"conversationId\":\"" + english + "\",\"score\":5}");
        visitor.untilPong();
        assertThat(welcome.string("visitorId")).isNotBlank();
      }
      try (Socket visitor = visitor("zh-CN")) {
        chineseVisitor = visitor.next("welcome").string("visitorId");
        visitor.send(send("请帮我查询物流单号" + suffix + "，谢谢", Map.of("name", "王小明" + suffix)));
        chinese = visitor.next("ack").string("conversationId");
        console.next("conversation");
        console.send(frame("send", chinese, "您好，已为您查询物流"));
        console.next("ack");
        console.send("{\"type\":\"close\",\"conversationId\":\"" + chinese + "\"}");
        console.next(f -> f.type().equals("closed"));
        console.untilPong();
      }
    }
  }

  @Test
  void theSiteAloneFindsBothNewestFirst() {
    JsonObject page = search("");
    assertThat(page.getInt("total")).isEqualTo(2);
    assertThat(page.getBoolean("more")).isFalse();
    assertThat(ids(page)).containsExactly(chinese, english);
    JsonObject row = page.getJsonArray("rows").getJsonObject(1);
    assertThat(row.getString("visitorName")).isEqualTo("Ada \"The Countess\", Lovelace " + suffix);
    assertThat(row.getString("visitorEmail")).isEqualTo("ada-" + suffix + "@Example.com");
    assertThat(row.getString("agentId")).isEqualTo(agentId);
    assertThat(row.getString("state")).isEqualTo("closed");
    assertThat(row.getInt("rating")).isEqualTo(5);
    assertThat(row.getString("firstWords")).startsWith("I need a refund");
  }

  @Test
  void eachFilterNarrowsTheSelection() {
    assertThat(ids(search("&department=" + departmentId))).containsExactly(chinese, english);
    assertThat(ids(search("&agent=" + agentId))).containsExactly(chinese, english);
    assertThat(ids(search("&agent=a-nobody"))).isEmpty();
    assertThat(ids(search("&state=closed"))).containsExactly(chinese, english);
    assertThat(ids(search("&state=missed"))).isEmpty();
    assertThat(ids(search("&rating=5"))).containsExactly(english);
    assertThat(ids(search("&rating=0"))).containsExactly(chinese);
    String today = Instant.now().truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    assertThat(ids(search("&from=" + today + "&to=" + today))).containsExactly(chinese, english);
    assertThat(ids(search("&from=" + Instant.now().plus(1, ChronoUnit.DAYS)))).isEmpty();
    assertThat(ids(search("&sort=rating&order=asc"))).hasSize(2);
  }

  @Test
  void aVisitorIsFoundByExactNameEmailOrId() {
    assertThat(ids(search("&visitor=" + q("  ada \"the countess\",   LOVELACE " + suffix))))
        .containsExactly(english);
    assertThat(ids(search("&visitor=" + q("ADA-" + suffix + "@example.COM"))))
        .containsExactly(english);
    assertThat(ids(search("&visitor=" + q("王小明" + suffix)))).containsExactly(chinese);
    assertThat(ids(search("&visitor=" + chineseVisitor))).containsExactly(chinese);
    assertThat(ids(search("&visitor=" + q("Ada")))).as("a part of a name finds nothing").isEmpty();
  }

  @Test
  void wordsAreFoundInEnglishAndChinese() {
    assertThat(ids(search("&words=" + q("parcel" + suffix)))).containsExactly(english);
    assertThat(ids(search("&words=" + q("refund parcel" + suffix)))).containsExactly(english);
    assertThat(ids(search("&words=" + q("refund")))).containsExactly(english);
    assertThat(ids(search("&words=" + q("物流单号" + suffix)))).containsExactly(chinese);
    assertThat(ids(search("&words=" + q("物流")))).containsExactly(chinese);
    // On MariaDB through its pairs of characters: 谢谢谢 is one pair (谢谢), which the message holds,
    // but the word it does not.
    assertThat(ids(search("&words=" + q("谢谢")))).containsExactly(chinese);
    assertThat(ids(search("&words=" + q("谢谢谢")))).isEmpty();
    assertThat(ids(search("&words=" + q("查询 谢")))).containsExactly(chinese);
    assertThat(ids(search("&words=" + q("100%_off")))).isEmpty();
    assertThat(ids(search("&words=" + q("nothing" + suffix)))).isEmpty();
  }

  @Test
  void badFiltersAreRefused() {
    assertThat(status("history/conversations?from=2026-02-01&to=2026-01-01")).isEqualTo(400);
    assertThat(status("history/conversations?rating=9")).isEqualTo(400);
    assertThat(status("history/conversations?state=lost")).isEqualTo(400);
    assertThat(status("history/conversations?from=yesterday")).isEqualTo(400);
    assertThat(status("history/conversations?words=" + "x".repeat(201))).isEqualTo(400);
  }

  @Test
  void theTranscriptHoldsMessagesNotesAndSystemLines() {
    JsonObject transcript = object(call("GET", "history/conversations/" + english, null, 200));
    assertThat(transcript.getJsonObject("conversation").getString("id")).isEqualTo(english);
    List<String> kinds =
        transcript.getJsonArray("lines").getValuesAs(JsonObject.class).stream()
            .map(l -> l.getString("kind"))
            .toList();
    assertThat(kinds).contains("message", "note");
    assertThat(transcript.getJsonArray("prechat").getValuesAs(JsonObject.class))
        .as("the pre-chat answers under the form's labels")
        .extracting(a -> a.getString("label"), a -> a.getString("value"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Order number", "A-" + suffix));
    assertThat(transcript.getJsonArray("lines").toString())
        .contains("Checked the courier " + suffix)
        .contains("parcel" + suffix);
    assertThat(status("history/conversations/c-nothing")).isEqualTo(404);
  }

  @Test
  void theCsvExportIsStreamedQuotedAndAudited() {
    HttpResponse<String> csv = raw("history/conversations.csv?site=" + siteId);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains(".csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("\uFEFFid,started_at,site,department,agent,visitor_id");
    assertThat(lines[1]).startsWith(chinese + ",").contains("王小明" + suffix);
    assertThat(lines[2])
        .startsWith(english + ",")
        .contains("\"Ada \"\"The Countess\"\", Lovelace " + suffix + "\"")
        .contains(",closed,5,");
    String audit = call("GET", "audit", null, 200);
    assertThat(audit).contains("conversation.export").contains(siteId);
  }

  @Test
  void theJsonExportIsAValidArrayOfTheSelection() {
    HttpResponse<String> json = raw("history/conversations.json?site=" + siteId + "&rating=5");
    assertThat(json.statusCode()).isEqualTo(200);
    JsonArray rows = Json.createReader(new StringReader(json.body())).readArray();
    assertThat(rows).hasSize(1);
    JsonObject row = rows.getJsonObject(0);
    assertThat(row.getString("id")).isEqualTo(english);
    assertThat(row.getInt("rating")).isEqualTo(5);
    assertThat(row.getString("visitor_name")).isEqualTo("Ada \"The Countess\", Lovelace " + suffix);
    assertThat(row.getJsonNumber("messages").longValue()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void anotherTenantsAdminFindsNoneOfIt() {
    String otherAdmin = "history-b-" + suffix;
    JsonObject other =
        object(kefu.fixture("tenants", Map.of("username", otherAdmin, "password", PASSWORD)));
    String authorization = Kefu.basic(otherAdmin, PASSWORD);
    for (String path :
        List.of(
            "history/conversations?words=" + q("parcel" + suffix),
            "history/conversations?site=" + siteId,
            "history/conversations.csv?visitor=" + chineseVisitor,
            "history/conversations.json")) {
      HttpResponse<String> answer =
          kefu.send(
              HttpRequest.newBuilder(kefu.base.resolve("api/v1/" + path))
                  .header("Authorization", authorization)
                  .GET());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).doesNotContain(english).doesNotContain(chinese);
    }
    HttpResponse<String> transcript =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/history/conversations/" + english))
                .header("Authorization", authorization)
                .GET());
    assertThat(transcript.statusCode()).isEqualTo(404);
    HttpResponse<String> own =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/history/conversations.json"))
                .header("Authorization", authorization)
                .GET());
    assertThat(own.body()).contains(other.getString("conversationId"));
  }

  private JsonObject search(String query) {
    return object(call("GET", "history/conversations?site=" + siteId + query, null, 200));
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("rows").getValuesAs(JsonObject.class).stream()
        .map(r -> r.getString("id"))
        .toList();
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private int status(String path) {
    return raw(path).statusCode();
  }

  private Socket online(String username) {
    Socket socket = Socket.open(kefu.agentUri(kefu.ticket(username, PASSWORD)), kefu.origin);
    socket.send("{\"type\":\"hello\",\"protocol\":1}");
    socket.next("welcome");
    socket.send("{\"type\":\"status\",\"value\":\"online\"}");
    socket.next("status");
    return socket;
  }

  private Socket visitor(String locale) {
    Socket socket = Socket.open(kefu.visitorUri(siteKey), kefu.origin);
    socket.send(
        "{\"type\":\"hello\",\"protocol\":1,\"locale\":\""
            + locale
            + "\",\"page\":{\"url\":\""
            + kefu.origin
            + "/shop/\",\"title\":\"Shop\"}}");
    return socket;
  }

  private String send(String text, Map<String, String> fields) {
    return Json.createObjectBuilder()
        .add("type", "send")
        .add("clientMsgId", UUID.randomUUID().toString())
        .add("text", text)
        .add(
            "prechat",
            Json.createObjectBuilder()
                .add("departmentId", departmentId)
                .add("fields", Json.createObjectBuilder(Map.copyOf(fields))))
        .build()
        .toString();
  }

  private static String frame(String type, String conversationId, String text) {
    return Json.createObjectBuilder()
        .add("type", type)
        .add("conversationId", conversationId)
        .add("clientMsgId", UUID.randomUUID().toString())
        .add("text", text)
        .build()
        .toString();
  }

  private static JsonObject object(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  private static JsonArray array(String text) {
    return Json.createReader(new StringReader(text)).readArray();
  }

  private HttpResponse<String> raw(String path) {
    signIn();
    try {
      return admin.send(
          HttpRequest.newBuilder(kefu.base.resolve("api/v1/" + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Calls the API as the first admin in one signed-in session; answers the body. */
  private String call(String method, String path, String json, int expected) {
    signIn();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/" + path)).header("Origin", kefu.origin);
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> response;
    try {
      response = admin.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(response.statusCode())
        .as("%s answered %s", response.request().uri(), response.body())
        .isEqualTo(expected);
    return response.body();
  }

  private void signIn() {
    if (admin != null) {
      return;
    }
    admin =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    try {
      HttpResponse<String> signedIn =
          admin.send(
              HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\"admin\",\"password\":\"" + Kefu.ADMIN_PASSWORD + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(signedIn.statusCode()).isEqualTo(200);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
