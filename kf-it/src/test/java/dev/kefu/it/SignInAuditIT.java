package dev.kefu.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.it.fixture.TestFixture;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign-in lockout with back-off, and the audit log of sign-in attempts and administrative changes
 * with its CSV export. Each test works with accounts and user names of its own (made through the
 * test fixture, {@link TestFixture}), so the locks it provokes touch nobody else, and the test
 * server's lock is short ({@code kf.signin.lock-seconds=2} in kf-it/pom.xml).
 */
@ExtendWith(KefuServer.class)
class SignInAuditIT {

  /** {@code kf.signin.lock-seconds} of the test server. */
  static final Duration LOCK = Duration.ofSeconds(2);

  /** Whatever is wrong, locked or unknown, a sign-in is refused with this. */
  static final JsonObject REFUSED =
      Json.createObjectBuilder()
          .add("error", "invalid_credentials")
          .add("message", "wrong user name or password")
          .build();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Where PrimeFaces puts the callback parameters of an Ajax answer, before a parameter name. */
  private static final String CALLBACK = "type=\"args\">[^<]*";

  Kefu kefu;
  String run;
  Instant started;
  String refusal;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    run = UUID.randomUUID().toString().substring(0, 8);
    started = Instant.now().minusSeconds(1);
  }

  @Test
  void tenWrongPasswordsLockTheAccountAndEvenTheRightOneIsRefusedUntilTheBackOffHasPassed()
      throws Exception {
    String user = "it-lock-" + run;
    String right = "right-" + run;
    String agentId = account(user, right, "kf-agent");
    assertThat(signIn(user, right).statusCode()).isEqualTo(200);

    for (int i = 1; i <= 9; i++) {
      assertRefused(signIn(user, wrong(i)));
    }
    assertThat(signIn(user, right).statusCode())
        .as("nine failures do not lock, and a success starts the count again")
        .isEqualTo(200);

    for (int i = 1; i <= 10; i++) {
      assertRefused(signIn(user, wrong(i)));
    }
    Instant tenth = Instant.now();
    assertRefused(signIn(user, right));
    HttpResponse<String> basic = get("api/v1/auth/me", Kefu.basic(user, right));
    assertThat(basic.statusCode()).as("HTTP Basic is locked out too").isEqualTo(401);

    sleepUntil(tenth.plus(LOCK).plusMillis(300));
    assertRefused(signIn(user, wrong(11)));
    Instant eleventh = Instant.now();
    sleepUntil(eleventh.plus(LOCK).plusMillis(300));
    assertRefused(signIn(user, right)); // the eleventh failure locked for twice as long
    sleepUntil(eleventh.plus(LOCK.multipliedBy(2)).plusMillis(300));
    assertThat(signIn(user, right).statusCode()).as("the back-off has passed").isEqualTo(200);

    AuditRows audit = export();
    List<Map<String, String>> attempts = audit.where("actor", user);
    assertThat(count(attempts, "signin.success")).isEqualTo(3);
    assertThat(count(attempts, "signin.failure")).isEqualTo(9 + 10 + 1);
    assertThat(count(attempts, "signin.locked")).isEqualTo(3);
    assertThat(attempts)
        .allSatisfy(
            row -> {
              assertThat(row.get("ip")).isEqualTo("127.0.0.1");
              assertThat(row.get("object_type")).isEqualTo("agent");
              assertThat(row.get("object_id")).isEqualTo(agentId);
              assertThat(row.get("tenant_id")).startsWith("t-");
            });
    List<Map<String, String>> failures = audit.where(row -> isAction(row, user, "signin.failure"));
    assertThat(detail(failures.get(18)).getInt("failures")).isEqualTo(10);
    assertThat(detail(failures.get(18)).getInt("lockedSeconds")).isEqualTo(2);
    assertThat(detail(failures.get(19)).getInt("lockedSeconds")).isEqualTo(4);
    List<Map<String, String>> locked = audit.where(row -> isAction(row, user, "signin.locked"));
    assertThat(locked)
        .extracting(row -> row.get("source"))
        .containsExactly("local", "api", "local");
    assertThat(attempts)
        .filteredOn(row -> row.get("action").equals("signin.success"))
        .allSatisfy(row -> assertThat(row.get("actor_type")).isEqualTo("agent"));

    List<String> passwords = new ArrayList<>(List.of(right));
    IntStream.rangeClosed(1, 11).forEach(i -> passwords.add(wrong(i)));
    assertNowhere(audit, passwords);
  }

  @Test
  void aUserNameWithoutAnAccountIsThrottledAlikeAndItsFormulaIsDefusedInTheExport() {
    String typed = "=HYPERLINK(\"http://example.com/" + run + "\",\"open\")";
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 1; i <= 11; i++) {
      // A client cannot choose the address it is audited with unless it is a trusted proxy.
      answers.add(signIn("  " + typed + " ", wrong(i), Map.of("X-Forwarded-For", "203.0.113.50")));
    }
    answers.forEach(this::assertRefused);

    AuditRows audit = export();
    List<Map<String, String>> attempts = audit.where("actor", "'" + typed);
    assertThat(count(attempts, "signin.failure")).isEqualTo(10);
    assertThat(count(attempts, "signin.locked")).isEqualTo(1);
    assertThat(attempts)
        .allSatisfy(
            row -> {
              assertThat(row.get("tenant_id")).isEmpty();
              assertThat(row.get("object_id")).isEmpty();
              assertThat(row.get("actor_type")).isEqualTo("anonymous");
              assertThat(row.get("source")).isEqualTo("local");
              assertThat(row.get("ip")).isEqualTo("127.0.0.1");
            });
    assertThat(audit.raw()).doesNotContain(",=HYPERLINK", "\n=HYPERLINK", "\"=HYPERLINK");
    assertNowhere(audit, IntStream.rangeClosed(1, 11).mapToObj(this::wrong).toList());
  }

  @Test
  void guessesSentAtTheSameMomentCannotGetPastTheLimit() {
    String user = "it-burst-" + run;
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      burst.add(HTTP.sendAsync(login(user, wrong(i), Map.of()), BodyHandlers.ofString()));
    }
    burst.stream().map(CompletableFuture::join).forEach(this::assertRefused);

    List<Map<String, String>> attempts = export().where("actor", user);
    assertThat(count(attempts, "signin.failure")).isEqualTo(10);
    assertThat(count(attempts, "signin.locked")).isEqualTo(10);
  }

  @Test
  void eventsOlderThanTheRetentionAreDeletedAndTheDeletionIsAudited() {
    String actor = "it-old-" + run;
    Instant now = Instant.now();
    bulkEvents(actor, 1500, now.minus(Duration.ofDays(366)));
    bulkEvents(actor, 3, now.minus(Duration.ofDays(364)));
    HttpResponse<String> purged =
        ok(
            kefu.send(
                HttpRequest.newBuilder(kefu.base.resolve("api/v1/it/audit-retention"))
                    .header("Authorization", Kefu.basic())
                    .POST(HttpRequest.BodyPublishers.noBody())));
    assertThat(Integer.parseInt(purged.body())).isGreaterThanOrEqualTo(1500);

    String from = URLEncoder.encode(now.minus(Duration.ofDays(400)).toString(), UTF_8);
    AuditRows audit = AuditRows.parse(ok(get("api/v1/audit?from=" + from, Kefu.basic())).body());
    assertThat(audit.where("actor", actor)).hasSize(3);
    assertThat(audit.where("action", "audit.purge"))
        .last()
        .satisfies(
            row -> {
              assertThat(row.get("actor_type")).isEqualTo("system");
              assertThat(row.get("source")).isEqualTo("system");
              assertThat(detail(row).getInt("retentionDays")).isEqualTo(365);
              assertThat(detail(row).getInt("deleted")).isGreaterThanOrEqualTo(1500);
            });
  }

  @Test
  void anAccountAnAdminMakesSignsInAndNeitherItsCreationNorItsNewPasswordIsLogged() {
    String username = "li.lei." + run;
    String first = "first-" + run;
    String supervisor = "it-supervisor-" + run;
    account(supervisor, "right-" + run, "kf-agent,kf-supervisor");
    String body =
        "{\"username\":\""
            + username
            + "\",\"name\":\"Li Lei\",\"password\":\""
            + first
            + "\",\"roles\":[\"kf-agent\"]}";
    assertThat(json(Kefu.basic(supervisor, "right-" + run), "POST", "api/v1/accounts", body))
        .as("a supervisor makes no accounts")
        .isEqualTo(403);
    HttpResponse<String> made = accounts(Kefu.basic(), "POST", "api/v1/accounts", body);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonObject account = Json.createReader(new StringReader(made.body())).readObject();
    assertThat(account.getString("username")).isEqualTo(username);
    assertThat(made.body()).doesNotContain(first);
    assertThat(kefu.ticket(username, first)).as("the new agent opens the console").isNotBlank();

    assertThat(json(Kefu.basic(), "POST", "api/v1/accounts", body))
        .as("the same user name again")
        .isEqualTo(409);
    assertThat(
            json(
                Kefu.basic(),
                "POST",
                "api/v1/accounts",
                body.replace(username, username + "x").replace(first, "short")))
        .as("a password of five characters")
        .isEqualTo(400);

    String second = "second-" + run;
    String path = "api/v1/accounts/" + account.getString("id") + "/password";
    assertThat(json(Kefu.basic(), "PUT", path, "{\"password\":\"" + second + "\"}")).isEqualTo(204);
    assertThat(signIn(username, first).statusCode()).isEqualTo(401);
    assertThat(kefu.ticket(username, second)).isNotBlank();

    AuditRows audit = export();
    assertThat(audit.where("action", "agent.create"))
        .anySatisfy(row -> assertThat(row.get("object_id")).isEqualTo(account.getString("id")));
    assertThat(audit.where("action", "agent.password_set")).hasSize(1);
    assertNowhere(audit, List.of(first, second));
  }

  private int json(String authorization, String method, String path, String body) {
    return accounts(authorization, method, path, body).statusCode();
  }

  private HttpResponse<String> accounts(
      String authorization, String method, String path, String body) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve(path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void theExportIsForAdminsOnly() {
    String agent = "it-agent-" + run;
    account(agent, "right-" + run, "kf-agent");
    assertThat(get("api/v1/audit", null).statusCode()).isEqualTo(401);
    assertThat(get("api/v1/audit", Kefu.basic("admin", wrong(1))).statusCode()).isEqualTo(401);
    assertThat(get("api/v1/audit", Kefu.basic(agent, "right-" + run)).statusCode()).isEqualTo(403);

    HttpResponse<String> export = get("api/v1/audit", Kefu.basic());
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
        .isEqualToIgnoringCase("text/csv;charset=UTF-8");
    assertThat(export.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment; filename=\"kefu-audit-");
    assertThat(export.body()).startsWith("\uFEFFat,tenant_id,actor,");
  }

  @Test
  void aSiteChangeInTheAdminConsoleIsAuditedWithBeforeAndAfterButNeverTheSiteSecret()
      throws Exception {
    JsonObject site =
        Json.createReader(new StringReader(kefu.get("api/v1/sites"))).readArray().getJsonObject(0);
    String original = site.getString("greeting");
    String origins =
        site.getJsonArray("allowedOrigins").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .collect(Collectors.joining("\n"));
    String changed = "欢迎光临 Welcome " + run;

    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    HttpResponse<String> signedIn =
        browser.send(
            login("admin", Kefu.ADMIN_PASSWORD, Map.of()), HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).isEqualTo(200);
    String adminId =
        Json.createReader(new StringReader(signedIn.body())).readObject().getString("id");
    try {
      saveGreeting(browser, changed, origins);
    } finally {
      saveGreeting(browser, original, origins);
    }

    AuditRows audit = export();
    List<Map<String, String>> changes =
        audit.where(
            row -> row.get("action").equals("site.update") && row.get("detail").contains(run));
    assertThat(changes).hasSize(2);
    assertThat(changes)
        .allSatisfy(
            row -> {
              assertThat(row.get("actor")).isEqualTo(adminId);
              assertThat(row.get("actor_type")).isEqualTo("agent");
              assertThat(row.get("source")).isEqualTo("console");
              assertThat(row.get("object_type")).isEqualTo("site");
              assertThat(row.get("object_id")).isEqualTo(site.getString("id"));
              assertThat(row.get("ip")).isEqualTo("127.0.0.1");
              assertThat(detail(row).getJsonObject("before")).doesNotContainKey("allowedOrigins");
            });
    JsonObject first = detail(changes.get(0));
    assertThat(first.getJsonObject("before").getString("greeting")).isEqualTo(original);
    assertThat(first.getJsonObject("after").getString("greeting")).isEqualTo(changed);
    JsonObject second = detail(changes.get(1));
    assertThat(second.getJsonObject("after").getString("greeting")).isEqualTo(original);

    String secret =
        kefu.send(
                HttpRequest.newBuilder(kefu.base.resolve("api/v1/it/site-secret"))
                    .header("Authorization", Kefu.basic()))
            .body();
    assertThat(secret).hasSizeGreaterThan(20);
    assertNowhere(audit, List.of(secret, Kefu.ADMIN_PASSWORD));
  }

  @Test
  void anExportOfThousandsOfEventsHoldsEachOnceInTimeOrder() {
    String actor = "it-bulk-" + run;
    bulkEvents(actor, 2500, Instant.parse("2999-01-01T00:00:00Z"));

    AuditRows audit =
        AuditRows.parse(ok(get("api/v1/audit?from=2999-01-01&to=2999-01-02", Kefu.basic())).body());
    List<Map<String, String>> bulk = audit.where("actor", actor);
    assertThat(bulk).hasSize(2500);
    assertThat(bulk.stream().map(row -> row.get("id")).distinct()).hasSize(2500);
    assertThat(bulk.stream().map(row -> detail(row).getInt("n")).sorted())
        .containsExactlyElementsOf(IntStream.range(0, 2500).boxed().toList());
    List<Instant> times = bulk.stream().map(row -> Instant.parse(row.get("at"))).toList();
    assertThat(times).isSorted();
  }

  // ---------------------------------------------------------------------------------------------

  private String wrong(int i) {
    return "wrong-" + run + "-" + i;
  }

  private void bulkEvents(String actor, int count, Instant at) {
    HttpResponse<String> made =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/it/audit-events"))
                .header("Authorization", Kefu.basic())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    form(
                        Map.of(
                            "actor", actor, "count", String.valueOf(count), "at", at.toString()))));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(204);
  }

  /** A new local account with these roles; answers its agent id. */
  private String account(String username, String password, String roles) {
    HttpResponse<String> made =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/it/accounts"))
                .header("Authorization", Kefu.basic())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("username", username, "password", password, "roles", roles))));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    return made.body();
  }

  private HttpResponse<String> signIn(String username, String password) {
    return signIn(username, password, Map.of());
  }

  private HttpResponse<String> signIn(
      String username, String password, Map<String, String> headers) {
    try {
      return HTTP.send(login(username, password, headers), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private HttpRequest login(String username, String password, Map<String, String> headers) {
    String body =
        Json.createObjectBuilder()
            .add("username", username)
            .add("password", password)
            .build()
            .toString();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return request.build();
  }

  /** Refused, with the very same bytes as every other refusal the test has seen. */
  private void assertRefused(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    assertThat(Json.createReader(new StringReader(answer.body())).readObject()).isEqualTo(REFUSED);
    if (refusal == null) {
      refusal = answer.body();
    }
    assertThat(answer.body()).isEqualTo(refusal);
  }

  private HttpResponse<String> get(String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(kefu.base.resolve(path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return kefu.send(request);
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  /** The audit events since the test started, as an admin exports them. */
  private AuditRows export() {
    String from = URLEncoder.encode(started.toString(), StandardCharsets.UTF_8);
    return AuditRows.parse(ok(get("api/v1/audit?from=" + from, Kefu.basic())).body());
  }

  /** Neither in the export nor in anything the server logged. */
  private void assertNowhere(AuditRows audit, List<String> secrets) {
    String log =
        ok(kefu.send(
                HttpRequest.newBuilder(kefu.base.resolve("api/v1/it/log"))
                    .header("Authorization", Kefu.basic())))
            .body();
    assertThat(log).as("the server log").contains("SignIns");
    for (String secret : secrets) {
      assertThat(audit.raw()).as("the export").doesNotContain(secret);
      assertThat(log).as("the server log").doesNotContain(secret);
    }
  }

  /** Opens the site's edit dialog in the admin console and saves it, as a browser does. */
  private void saveGreeting(HttpClient browser, String greeting, String origins) throws Exception {
    SitesPage page = SitesPage.open(kefu, browser);
    String edit = "sitesForm:sitesTable:0:edit";
    Map<String, String> open = new LinkedHashMap<>();
    open.put("jakarta.faces.source", edit);
    open.put("jakarta.faces.partial.execute", edit);
    open.put("jakarta.faces.partial.render", "editForm messages");
    open.put(edit, edit);
    open.put("sitesForm", "sitesForm");
    assertThat(page.ajax(open)).containsPattern(CALLBACK + "editing");
    Map<String, String> save = new LinkedHashMap<>();
    save.put("jakarta.faces.source", "editForm:save");
    save.put("jakarta.faces.partial.execute", "editForm");
    save.put("jakarta.faces.partial.render", "editForm messages sitesForm:sitesTable");
    save.put("editForm:save", "editForm:save");
    save.put("editForm", "editForm");
    save.put("editForm:greeting", greeting);
    save.put("editForm:origins", origins);
    assertThat(page.ajax(save)).containsPattern(CALLBACK + "saved");
  }

  private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    return HttpRequest.BodyPublishers.ofString(
        fields.entrySet().stream()
            .map(
                field ->
                    URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")));
  }

  private static JsonObject detail(Map<String, String> row) {
    return Json.createReader(new StringReader(row.get("detail"))).readObject();
  }

  private static boolean isAction(Map<String, String> row, String actor, String action) {
    return actor.equals(row.get("actor")) && action.equals(row.get("action"));
  }

  private static long count(List<Map<String, String>> rows, String action) {
    return rows.stream().filter(row -> action.equals(row.get("action"))).count();
  }

  private static void sleepUntil(Instant moment) throws InterruptedException {
    long millis = Duration.between(Instant.now(), moment).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
