package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sites made and deleted by an admin, over the API and in the console: a tenant's second site,
 * whose visitors read the widget's texts in their own language; invalid settings refused with the
 * field to blame and nothing of them kept; a deleted site that keeps its history and whose widget
 * is refused. Its sites are named "IT site …", after the demo site, which the other tests find in
 * the sites table's first row.
 */
@ExtendWith(KefuServer.class)
class SitesIT {

  Kefu kefu;
  String suffix;
  String departmentId;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    suffix = UUID.randomUUID().toString().substring(0, 8);
    departmentId = kefu.fixture("departments", Map.of("origins", kefu.origin)).split("\n")[0];
  }

  @Test
  void aSecondSitesVisitorsReadTheWidgetTextsOfTheirLanguage() {
    HttpResponse<String> made = create(site("IT site Second " + suffix));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonObject site = json(made.body());
    assertThat(site.getString("name")).isEqualTo("IT site Second " + suffix);
    assertThat(site.getJsonObject("widget").getJsonObject("texts").getJsonObject("en"))
        .containsEntry("offlineText", Json.createValue("We are away"));
    assertThat(made.body()).doesNotContain("secret");
    assertThat(listed(site.getString("id"))).isTrue();

    Frame english = welcome(site.getString("siteKey"), "en");
    assertThat(english.string("greeting")).isEqualTo("Hello");
    assertThat(english.object("settings").getString("offlineText")).isEqualTo("We are away");
    assertThat(english.object("settings").getString("title")).isEqualTo("Help");
    assertThat(english.object("settings").getJsonObject("proactive").getString("text"))
        .as("a text empty in the visitor's language is the default one")
        .isEqualTo("需要帮助吗？");
    assertThat(english.object("settings")).doesNotContainKey("texts");

    Frame chinese = welcome(site.getString("siteKey"), "zh-CN");
    assertThat(chinese.string("greeting")).isEqualTo("您好");
    assertThat(chinese.object("settings").getString("offlineText")).isEqualTo("我们不在线");

    Frame other = welcome(site.getString("siteKey"), "fr");
    assertThat(other.string("greeting")).isEqualTo("默认问候");
    assertThat(other.object("settings").getString("offlineText")).isEqualTo("默认离线");
  }

  @Test
  void invalidSitesAreRefusedWithTheirRuleAndNothingOfThemIsKept() {
    String name = "IT site Refused " + suffix;
    assertRefused(create(site("")), 400, "name_missing");
    assertRefused(create(site("x".repeat(201))), 400, "name_too_long");
    assertRefused(
        create(site(name).add("allowedOrigins", Json.createArrayBuilder().add("shop.example"))),
        400,
        "origin_invalid");
    assertRefused(
        create(
            site(name)
                .add(
                    "widget",
                    Json.createObjectBuilder()
                        .add("colors", Json.createObjectBuilder().add("primary", "#12345")))),
        400,
        "colour_invalid");
    assertRefused(
        create(site(name).add("defaultDepartmentId", "d-nosuch")), 400, "department_unknown");
    assertRefused(
        create(
            site(name)
                .add(
                    "widget",
                    Json.createObjectBuilder()
                        .add(
                            "texts",
                            Json.createObjectBuilder().add("fr", Json.createObjectBuilder())))),
        400,
        "language_unknown");
    assertThat(kefu.get("api/v1/sites")).doesNotContain(name);

    assertThat(create(site(name)).statusCode()).isEqualTo(201);
    assertRefused(create(site(name.toUpperCase())), 409, "conflict");
    assertThat(
            Json.createReader(new StringReader(kefu.get("api/v1/sites"))).readArray().stream()
                .filter(s -> s.asJsonObject().getString("name").equalsIgnoreCase(name))
                .count())
        .isEqualTo(1);
  }

  @Test
  void aRefusedSaveInTheConsoleKeepsNothingAndNamesItsField() throws Exception {
    JsonObject site = json(create(site("IT site Console " + suffix)).body());
    HttpClient browser = signedInBrowser();
    SitesPage page = SitesPage.open(kefu, browser);
    String row = filterTo(page, "IT site Console " + suffix);
    String edit = "sitesForm:sitesTable:" + row + ":edit";
    Map<String, String> open = new LinkedHashMap<>();
    open.put("jakarta.faces.source", edit);
    open.put("jakarta.faces.partial.execute", edit);
    open.put("jakarta.faces.partial.render", "editForm messages");
    open.put(edit, edit);
    open.put("sitesForm", "sitesForm");
    assertThat(page.ajax(open)).contains("editing");

    // A new greeting (valid) with a proactive greeting switched on but without a text (refused by
    // the business): neither is saved.
    Map<String, String> save = new LinkedHashMap<>();
    save.put("jakarta.faces.source", "editForm:save");
    save.put("jakarta.faces.partial.execute", "editForm");
    save.put("jakarta.faces.partial.render", "editForm messages");
    save.put("editForm:save", "editForm:save");
    save.put("editForm", "editForm");
    save.put("editForm:name", "IT site Console " + suffix);
    save.put("editForm:greeting", "Changed " + suffix);
    save.put("editForm:origins", kefu.origin);
    // A switch posts its state as <id>_input, "on" when switched on.
    save.put("editForm:proactiveEnabled_input", "on");
    save.put("editForm:proactiveText", "");
    String refused = page.ajax(save);
    // The dialog closes on the callback parameter "saved", which a refusal does not give.
    assertThat(refused).doesNotContain("\"saved\":true");
    assertThat(messageOf(refused, "proactiveText")).isNotBlank();
    assertThat(kefu.get("api/v1/sites")).doesNotContain("Changed " + suffix);

    // An origin that is none is refused at its field, naming its line.
    save.remove("editForm:proactiveEnabled_input");
    save.put("editForm:origins", kefu.origin + "\nshop.example/cart");
    String badOrigin = page.ajax(save);
    assertThat(messageOf(badOrigin, "origins")).contains("2").contains("shop.example/cart");
    assertThat(kefu.get("api/v1/sites")).doesNotContain("Changed " + suffix);

    save.put("editForm:origins", kefu.origin);
    assertThat(page.ajax(save)).contains("saved");
    assertThat(kefu.get("api/v1/sites")).contains("Changed " + suffix);
    assertThat(listed(site.getString("id"))).isTrue();
  }

  @Test
  void aSiteWithAnOpenConversationIsNotDeletedAndADeletedOneKeepsItsHistory() {
    JsonObject site = json(create(site("IT site Deleted " + suffix)).body());
    String siteId = site.getString("id");
    String conversationId;
    try (Socket visitor = Socket.open(kefu.visitorUri(site.getString("siteKey")), kefu.origin)) {
      hello(visitor, "en");
      visitor.next("welcome");
      visitor.send(Kefu.send("Is anyone there?"));
      conversationId = visitor.next("ack").string("conversationId");

      assertRefused(delete(siteId), 409, "conflict");
      assertThat(listed(siteId)).isTrue();

      visitor.send("{\"type\":\"close\",\"conversationId\":\"" + conversationId + "\"}");
      visitor.next("closed");
    }
    assertThat(delete(siteId).statusCode()).isEqualTo(204);
    assertThat(listed(siteId)).isFalse();
    assertThat(delete(siteId).statusCode()).as("deleted once").isEqualTo(404);
    assertThatThrownBy(() -> Socket.open(kefu.visitorUri(site.getString("siteKey")), kefu.origin))
        .isInstanceOfSatisfying(Socket.Refused.class, r -> assertThat(r.status).isEqualTo(403));
    HttpResponse<String> history =
        kefu.send(
            HttpRequest.newBuilder(
                    kefu.base.resolve("api/v1/conversations/" + conversationId + "/messages"))
                .header("Authorization", Kefu.basic())
                .GET());
    assertThat(history.statusCode()).as("the history stays").isEqualTo(200);
    assertThat(history.body()).contains("Is anyone there?");
  }

  private JsonObjectBuilder site(String name) {
    return Json.createObjectBuilder()
        .add("name", name)
        .add("defaultDepartmentId", departmentId)
        .add("greeting", "默认问候")
        .add("allowedOrigins", Json.createArrayBuilder().add(kefu.origin))
        .add(
            "widget",
            Json.createObjectBuilder()
                .add("title", "客服")
                .add("offlineText", "默认离线")
                .add(
                    "proactive",
                    Json.createObjectBuilder().add("enabled", true).add("text", "需要帮助吗？"))
                .add(
                    "texts",
                    Json.createObjectBuilder()
                        .add(
                            "en",
                            Json.createObjectBuilder()
                                .add("title", "Help")
                                .add("greeting", "Hello")
                                .add("offlineText", "We are away"))
                        .add(
                            "zh-CN",
                            Json.createObjectBuilder()
                                .add("greeting", "您好")
                                .add("offlineText", "我们不在线"))));
  }

  private HttpResponse<String> create(JsonObjectBuilder body) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/sites"))
            .header("Authorization", Kefu.basic())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.build().toString())));
  }

  private HttpResponse<String> delete(String siteId) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/sites/" + siteId))
            .header("Authorization", Kefu.basic())
            .DELETE());
  }

  private boolean listed(String siteId) {
    JsonArray sites = Json.createReader(new StringReader(kefu.get("api/v1/sites"))).readArray();
    return sites.stream()
        .map(JsonValue::asJsonObject)
        .anyMatch(s -> s.getString("id").equals(siteId));
  }

  private Frame welcome(String siteKey, String locale) {
    try (Socket visitor = Socket.open(kefu.visitorUri(siteKey), kefu.origin)) {
      hello(visitor, locale);
      return visitor.next("welcome");
    }
  }

  private void hello(Socket visitor, String locale) {
    visitor.send(
        "{\"type\":\"hello\",\"protocol\":1,\"locale\":\""
            + locale
            + "\",\"page\":{\"url\":\""
            + kefu.origin
            + "/shop/\",\"title\":\"Shop\"}}");
  }

  /** Filters the sites table to one name, as the page's filter does; answers the row's index. */
  private static String filterTo(SitesPage page, String name) throws Exception {
    String table = "sitesForm:sitesTable";
    Matcher filter =
        Pattern.compile("name=\"(sitesForm:sitesTable:[^\"]*:filter)\"").matcher(page.body);
    assertThat(filter.find()).as("the name column's filter").isTrue();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("jakarta.faces.source", table);
    fields.put("jakarta.faces.partial.execute", table);
    fields.put("jakarta.faces.partial.render", table);
    fields.put("jakarta.faces.behavior.event", "filter");
    fields.put("jakarta.faces.partial.event", "filter");
    fields.put(table + "_filtering", "true");
    fields.put(table + "_encodeFeature", "true");
    fields.put(filter.group(1), name);
    fields.put("sitesForm", "sitesForm");
    String answer = page.ajax(fields);
    Matcher row = Pattern.compile("data-ri=\"(\\d+)\"[^>]*>").matcher(answer);
    assertThat(answer).contains(name);
    assertThat(row.find()).as("a row in %s", answer).isTrue();
    return row.group(1);
  }

  /**
   * The refusal shown by the {@code p:message} of a component of the edit form in a partial answer
   * (the message's element, followed by its script naming the component as its target).
   */
  private static String messageOf(String answer, String component) {
    Matcher message =
        Pattern.compile(
                "<div id=\"([^\"]+)\" role=\"alert\"[^>]*>(.*?)</div><script id=\"\\1_s\"[^>]*>"
                    + "[^<]*target:\"editForm:"
                    + component
                    + "\"",
                Pattern.DOTALL)
            .matcher(answer);
    if (!message.find()) {
      return "";
    }
    Matcher detail =
        Pattern.compile("ui-message-error-detail\"[^>]*>([^<]*)<").matcher(message.group(2));
    return detail.find() ? detail.group(1) : "";
  }

  private HttpClient signedInBrowser() throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    HttpResponse<String> login =
        browser.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .header("Origin", kefu.origin)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + Kefu.ADMIN_PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    return browser;
  }

  private static void assertRefused(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response.body()).getString("error")).isEqualTo(code);
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
