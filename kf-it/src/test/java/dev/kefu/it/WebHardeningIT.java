package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.it.Fixtures.TestSite;
import dev.kefu.it.Kefu.Visitor;
import java.net.CookieManager;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What browsers are told and what they may do: cross-site requests with the session cookie are
 * refused, pages carry their security headers, an admin sees a site's new secret once, and no page,
 * frame, export or log line holds a password, a secret, a ticket or someone else's visitor token.
 */
@ExtendWith(KefuServer.class)
class WebHardeningIT {

  Kefu kefu;
  Fixtures fixtures;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    fixtures = new Fixtures(kefu);
  }

  @Test
  void aCookieRequestThatChangesSomethingNeedsProofOfComingFromKefuItself() throws Exception {
    HttpClient browser = signedInBrowser();
    assertThat(ticket(browser, Map.of()).statusCode()).as("no proof").isEqualTo(403);
    assertThat(ticket(browser, Map.of("Origin", "https://evil.example")).statusCode())
        .as("a foreign origin")
        .isEqualTo(403);
    assertThat(ticket(browser, Map.of("Origin", "null")).statusCode()).isEqualTo(403);
    assertThat(ticket(browser, Map.of("Referer", "https://evil.example/page")).statusCode())
        .as("a foreign page without Origin")
        .isEqualTo(403);
    assertThat(
            ticket(browser, Map.of("Origin", "https://evil.example", "X-Kefu-CSRF", "1"))
                .statusCode())
        .as("the header does not excuse a foreign origin")
        .isEqualTo(403);
    HttpResponse<String> refused = ticket(browser, Map.of());
    assertThat(refused.body()).contains("\"error\":\"cross_site\"");

    assertThat(ticket(browser, Map.of("Origin", kefu.origin)).statusCode()).isEqualTo(200);
    assertThat(ticket(browser, Map.of("Referer", kefu.origin + "/agent/")).statusCode())
        .isEqualTo(200);
    assertThat(ticket(browser, Map.of("X-Kefu-CSRF", "1")).statusCode()).isEqualTo(200);
    HttpResponse<String> me =
        browser.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/me")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).as("reading needs no proof").isEqualTo(200);

    HttpResponse<String> logout =
        browser.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/logout"))
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(logout.statusCode()).as("no sign-out from another site").isEqualTo(403);
    assertThat(ticket(browser, Map.of("Origin", kefu.origin)).statusCode())
        .as("still signed in")
        .isEqualTo(200);
  }

  @Test
  void anotherSiteCannotSignABrowserInButBasicAndBearerClientsNeedNoProof() throws Exception {
    HttpResponse<String> forged =
        login(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
            "https://evil.example");
    assertThat(forged.statusCode()).as("login CSRF").isEqualTo(403);
    assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.contains("KFSESSION"));
    assertThat(
            login(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), null)
                .statusCode())
        .as("a script without Origin, as curl")
        .isEqualTo(200);
    HttpResponse<String> basic =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/ws-ticket"))
                .header("Authorization", Kefu.basic())
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(basic.statusCode()).isEqualTo(200);
  }

  @Test
  void theConsolesForbidInlineScriptsAndFramingButTheWidgetLoadsAnywhere() throws Exception {
    HttpClient browser = signedInBrowser();
    for (String page : List.of("signin.html", "agent/", "")) {
      HttpResponse<String> answer = get(browser, page);
      assertThat(answer.statusCode()).as(page).isEqualTo(200);
      String csp = answer.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp)
          .as(page)
          .contains("script-src 'self';", "frame-ancestors 'none'", "object-src 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(answer.headers().firstValue("X-Frame-Options")).as(page).hasValue("DENY");
      assertCommonHeaders(answer);
      assertThat(answer.body()).as(page).doesNotContainPattern("<script>|<style|\\son[a-z]+=");
    }
    HttpResponse<String> admin = get(browser, "admin/sites.xhtml");
    assertThat(admin.statusCode()).isEqualTo(200);
    String adminPolicy = admin.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(adminPolicy)
        .contains("frame-ancestors 'none'", "'nonce-")
        .doesNotContain("unsafe-eval")
        .doesNotContainPattern("script-src[^;]*unsafe-inline");
    assertThat(admin.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertCommonHeaders(admin);

    HttpResponse<String> widget =
        get(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), "widget.js");
    assertThat(widget.headers().firstValue("Content-Security-Policy")).isEmpty();
    assertThat(widget.headers().firstValue("X-Frame-Options")).isEmpty();
    assertThat(widget.headers().firstValue("Cross-Origin-Resource-Policy"))
        .hasValue("cross-origin");
    assertCommonHeaders(widget);

    HttpResponse<String> api = get(browser, "api/v1/auth/me");
    assertThat(api.headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'none'; frame-ancestors 'none'");
  }

  @Test
  void aFacesPostbackWithoutItsViewStateChangesNothing() throws Exception {
    HttpClient browser = signedInBrowser();
    SitesPage page = SitesPage.open(kefu, browser);
    String greeting = kefu.get("api/v1/sites");
    Map<String, String> save = new LinkedHashMap<>();
    save.put("jakarta.faces.source", "editForm:save");
    save.put("jakarta.faces.partial.execute", "editForm");
    save.put("jakarta.faces.partial.render", "editForm");
    save.put("editForm:save", "editForm:save");
    save.put("editForm", "editForm");
    save.put("editForm:greeting", "forged from another site");
    save.put("editForm:origins", "https://evil.example");
    save.put("jakarta.faces.ViewState", "-1234567890:987654321");
    String answer = page.ajax(save);
    // A view the server never made is not restored: the page opens afresh, nothing applied.
    assertThat(answer)
        .as("refused by Faces")
        .contains("<redirect url=")
        .contains("admin/sites.xhtml")
        .doesNotContain("saved");
    assertThat(kefu.get("api/v1/sites")).isEqualTo(greeting);
  }

  @Test
  void anXForwardedProtoFromAnUntrustedPeerDoesNotTurnOnHsts() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(kefu.base.resolve("signin.html"))
                    .header("X-Forwarded-Proto", "https")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.headers().firstValue("Strict-Transport-Security")).isEmpty();
  }

  @Test
  void anAdminSeesANewSecretOnceAndItSignsIdentities() throws Exception {
    TestSite site = fixtures.site(true, kefu.origin);
    HttpClient browser = signedInBrowser();
    SitesPage page = SitesPage.open(kefu, browser);
    String edit = "sitesForm:sitesTable:" + rowOf(page.body, site.key()) + ":edit";
    String opened =
        page.ajax(
            Map.of(
                "jakarta.faces.source",
                edit,
                "jakarta.faces.partial.execute",
                edit,
                "jakarta.faces.partial.render",
                "editForm",
                edit,
                edit,
                "sitesForm",
                "sitesForm"));
    assertThat(opened).as("the dialog opens").contains("type=\"args\"").contains("editing");
    String renewed =
        page.ajax(
            Map.of(
                "jakarta.faces.source", "editForm:renewSecret",
                "jakarta.faces.partial.execute", "editForm:renewSecret",
                "jakarta.faces.partial.render", "editForm:secretPanel editForm:editMessages",
                "editForm:renewSecret", "editForm:renewSecret",
                "editForm", "editForm"));
    Matcher shown =
        Pattern.compile("id=\"editForm:newSecret\">([A-Za-z0-9_-]{20,})<").matcher(renewed);
    assertThat(shown.find()).as("the new secret in the answer: %s", renewed).isTrue();
    String secret = shown.group(1);
    assertThat(secret).isNotEqualTo(site.secret());

    String again = get(browser, "admin/sites.xhtml").body();
    assertThat(again).doesNotContain(secret, site.secret());

    long ts = Instant.now().getEpochSecond();
    try (Socket customer = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      customer.send(hello(null, "u-9", ts, Fixtures.identityHash(secret, "u-9", ts)));
      assertThat(customer.next().type()).isEqualTo("welcome");
    }
    try (Socket old = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      old.send(hello(null, "u-9", ts, Fixtures.identityHash(site.secret(), "u-9", ts)));
      assertThat(old.next().string("code"))
          .as("the old secret no longer works")
          .isEqualTo("unauthorized");
    }
    AuditRows audit = fixtures.audit(Instant.now().minusSeconds(120));
    assertThat(
            audit.where(
                r ->
                    "site.secret_renewed".equals(r.get("action"))
                        && site.id().equals(r.get("object_id"))))
        .hasSize(1);
    assertThat(audit.raw()).doesNotContain(secret);
  }

  @Test
  void noPageFrameExportOrLogLineHoldsAPasswordASecretATicketOrAnotherVisitorsToken()
      throws Exception {
    TestSite site = fixtures.site(false, kefu.origin);
    List<String> secrets =
        new ArrayList<>(List.of(Kefu.ADMIN_PASSWORD, fixtures.demoSiteSecret(), site.secret()));
    Map<String, String> collected = new LinkedHashMap<>();

    HttpClient browser = signedInBrowser();
    HttpClient stranger = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (String page :
        List.of("", "signin.html", "signin.js", "agent/", "agent/api.js", "demo/", "widget.js")) {
      collected.put("page " + page, get(stranger, page).body());
    }
    collected.put("admin sites page", get(browser, "admin/sites.xhtml").body());
    collected.put("sites API", get(browser, "api/v1/sites").body());

    List<Frame> agentFrames;
    List<Frame> visitorFrames;
    String ticket = kefu.ticket();
    secrets.add(ticket);
    String token;
    try (Socket agent = Socket.open(kefu.agentUri(ticket), kefu.origin)) {
      agent.send("{\"type\":\"hello\",\"protocol\":1}");
      agent.next("welcome");
      agent.send("{\"type\":\"status\",\"value\":\"online\"}");
      agent.next("status");
      try (Visitor visitor = kefu.visitor()) {
        token = visitor.token();
        visitor.socket().send(Kefu.send("my order?"));
        String conversation = visitor.socket().next("ack").string("conversationId");
        agent.next("conversation");
        agent.next("msg");
        agent.send(
            "{\"type\":\"send\",\"conversationId\":\""
                + conversation
                + "\",\"clientMsgId\":\"a-1\",\"text\":\"on its way\"}");
        agent.next("ack");
        visitor.socket().next("msg");
        agent.send("{\"type\":\"close\",\"conversationId\":\"" + conversation + "\"}");
        visitor.socket().next("closed");
        agent.next("closed");
        visitorFrames = visitor.socket().seen();
        assertThat(visitor.welcome().string("visitorToken")).isEqualTo(token);
      }
      agentFrames = agent.seen();
    }
    agentFrames.forEach(
        f ->
            collected.put(
                "agent frame " + f.type() + " " + System.identityHashCode(f), f.toString()));
    // The welcome hands the visitor its own token: the one place it may be.
    visitorFrames.stream()
        .filter(f -> !f.type().equals("welcome"))
        .forEach(
            f ->
                collected.put(
                    "visitor frame " + f.type() + " " + System.identityHashCode(f), f.toString()));
    collected.put("audit export", fixtures.audit(Instant.now().minusSeconds(3600)).raw());
    collected.put("server log", fixtures.serverLog());

    assertThat(collected.get("admin sites page")).contains(site.key());
    assertThat(collected.get("server log")).contains("dev.kefu");
    collected.forEach(
        (where, text) -> {
          for (String secret : secrets) {
            assertThat(text).as(where).doesNotContain(secret);
          }
          assertThat(text).as(where).doesNotContain(token);
        });
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertCommonHeaders(HttpResponse<String> answer) {
    assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(answer.headers().firstValue("Strict-Transport-Security"))
        .as("no HSTS over plain HTTP")
        .isEmpty();
  }

  private HttpClient signedInBrowser() throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    assertThat(login(browser, kefu.origin).statusCode()).isEqualTo(200);
    return browser;
  }

  private HttpResponse<String> login(HttpClient browser, String origin) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"username\":\"admin\",\"password\":\"" + Kefu.ADMIN_PASSWORD + "\"}"));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> ticket(HttpClient browser, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/ws-ticket"))
            .POST(HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(kefu.base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The index of the sites table's row that shows this site key. */
  private static String rowOf(String page, String siteKey) {
    for (String row : page.split("<tr ")) {
      Matcher index = Pattern.compile("data-ri=\"(\\d+)\"").matcher(row);
      if (row.contains(siteKey) && index.find()) {
        return index.group(1);
      }
    }
    throw new AssertionError("no row shows the site " + siteKey + ": " + page);
  }

  private static String hello(String token, String userId, long ts, String hash) {
    return "{\"type\":\"hello\",\"protocol\":1"
        + (token == null ? "" : ",\"visitorToken\":\"" + token + "\"")
        + ",\"identity\":{\"userId\":\""
        + userId
        + "\",\"ts\":"
        + ts
        + ",\"hash\":\""
        + hash
        + "\"}}";
  }
}
