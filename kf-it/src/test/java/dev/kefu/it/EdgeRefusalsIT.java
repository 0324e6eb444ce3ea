package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kefu.it.Fixtures.TestSite;
import dev.kefu.it.Kefu.Visitor;
import dev.kefu.it.fixture.TestFixture;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every way in that the edge refuses is refused as the protocol says, while a visitor on the demo
 * site goes on chatting undisturbed, and each refusal is in the audit log with the client's
 * address, the site and the time: forged and expired visitor tokens, wrong and missing identities,
 * reused tickets, foreign origins, unknown sites, one connection too many, a flood of frames and a
 * frame over the size limit. Tests that refuse visitors work on a site of their own (made through
 * the {@link TestFixture}), so their refusals are counted apart from the other tests' (the audit
 * throttle keys on the site).
 */
@ExtendWith(KefuServer.class)
class EdgeRefusalsIT {

  static final String SHOP = "https://shop.example";

  Kefu kefu;
  Fixtures fixtures;
  Instant started;
  Visitor bystander;
  String bystanderConversation;

  @BeforeEach
  void aVisitorIsChatting(URL deployment) {
    kefu = new Kefu(deployment);
    fixtures = new Fixtures(kefu);
    started = Instant.now().minusSeconds(1);
    bystander = kefu.visitor();
    bystanderConversation = bystanderSays("hello while others knock");
  }

  @AfterEach
  void theVisitorChatsOnUndisturbed() {
    bystanderSays("still here");
    bystander.end(bystanderConversation);
    bystander.close();
  }

  @Test
  void aForgedVisitorTokenIsUnauthorizedTheVisitorStartsAfreshAndItIsAudited() {
    TestSite site = fixtures.site(false, kefu.origin);
    String visitorId;
    String token;
    try (Socket first = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      first.send(hello(null, null));
      Frame welcome = first.next("welcome");
      visitorId = welcome.string("visitorId");
      token = welcome.string("visitorToken");
    }
    String forged =
        token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    try (Socket forger = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      forger.send(hello(forged, null));
      assertThat(forger.next().string("code")).isEqualTo("unauthorized");
      bystanderSays("meanwhile");
      Frame welcome = forger.next("welcome");
      assertThat(welcome.string("visitorId")).isNotEqualTo(visitorId);
      assertThat(welcome.string("visitorToken")).isNotEqualTo(token);
    }
    assertAudited("visitor.token_refused", site, "token");
  }

  @Test
  void anExpiredVisitorTokenIsUnauthorizedAndAudited() {
    TestSite site = fixtures.site(false, kefu.origin);
    String visitorId;
    try (Socket first = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      first.send(hello(null, null));
      visitorId = first.next("welcome").string("visitorId");
    }
    String expired = fixtures.expiredVisitorToken(site.id(), visitorId);
    try (Socket late = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      late.send(hello(expired, null));
      assertThat(late.next().string("code")).isEqualTo("unauthorized");
      bystanderSays("meanwhile");
      assertThat(late.next("welcome").string("visitorId")).isNotEqualTo(visitorId);
    }
    assertAudited("visitor.token_refused", site, "token");
  }

  @Test
  void aWrongIdentityHashIsUnauthorizedTheVisitorStaysAnonymousAndItIsAudited() {
    TestSite site = fixtures.site(false, kefu.origin);
    long ts = Instant.now().getEpochSecond();
    String right = Fixtures.identityHash(site.secret(), "u-42", ts);
    String wrong = Fixtures.identityHash(site.secret(), "u-43", ts);
    try (Socket impostor = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      impostor.send(hello(null, identity("u-42", ts, wrong)));
      Frame error = impostor.next();
      assertThat(error.string("code")).isEqualTo("unauthorized");
      bystanderSays("meanwhile");
      impostor.next("welcome");
      impostor.send(Kefu.send("who am I?"));
      String conversation = impostor.next("ack").string("conversationId");
      impostor.send("{\"type\":\"close\",\"conversationId\":\"" + conversation + "\"}");
      impostor.next("closed");
    }
    try (Socket customer = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      customer.send(hello(null, identity("u-42", ts, right)));
      assertThat(customer.next().type()).as("a right hash is taken").isEqualTo("welcome");
    }
    assertAudited("visitor.identity_refused", site, "invalid");
  }

  @Test
  void aSiteThatRequiresIdentityRefusesAVisitorWithoutAValidHashAndClosesWith1008() {
    TestSite site = fixtures.site(true, kefu.origin);
    long ts = Instant.now().getEpochSecond();
    try (Socket anonymous = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      anonymous.send(hello(null, null));
      assertThat(anonymous.next().string("code")).isEqualTo("unauthorized");
      assertThat(anonymous.closeCode()).isEqualTo(1008);
    }
    bystanderSays("meanwhile");
    try (Socket impostor = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      impostor.send(hello(null, identity("u-7", ts, Fixtures.identityHash("guess", "u-7", ts))));
      assertThat(impostor.next().string("code")).isEqualTo("unauthorized");
      assertThat(impostor.closeCode()).isEqualTo(1008);
    }
    try (Socket stale = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      long old = ts - 2 * 86_400;
      stale.send(
          hello(null, identity("u-7", old, Fixtures.identityHash(site.secret(), "u-7", old))));
      assertThat(stale.next().string("code")).isEqualTo("unauthorized");
      assertThat(stale.closeCode()).isEqualTo(1008);
    }
    try (Socket customer = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      customer.send(
          hello(null, identity("u-7", ts, Fixtures.identityHash(site.secret(), "u-7", ts))));
      Frame welcome = customer.next();
      assertThat(welcome.type()).as("a verified customer chats").isEqualTo("welcome");
      customer.send(Kefu.send("I am u-7"));
      String conversation = customer.next("ack").string("conversationId");
      customer.send("{\"type\":\"close\",\"conversationId\":\"" + conversation + "\"}");
      customer.next("closed");
    }
    assertAudited("visitor.identity_refused", site, "missing");
    assertAudited("visitor.identity_refused", site, "invalid");
  }

  @Test
  void aTicketUsedTwiceIsRefusedWith401AndAudited() {
    String ticket = kefu.ticket();
    try (Socket first = Socket.open(kefu.agentUri(ticket), kefu.origin)) {
      first.send("{\"type\":\"hello\",\"protocol\":1}");
      assertThat(first.next("welcome").object("agent").getString("name")).isEqualTo("Admin");
      assertRefused(() -> Socket.open(kefu.agentUri(ticket), kefu.origin), 401);
      bystanderSays("meanwhile");
    }
    assertRefused(() -> Socket.open(kefu.agentUri("forged-ticket"), kefu.origin), 401);
    List<Map<String, String>> rows = refusals("handshake.refused", "ticket");
    assertThat(rows)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("ip")).isEqualTo("127.0.0.1");
              assertThat(row.get("actor")).isEqualTo("agent");
              assertThat(row.get("source")).isEqualTo("websocket");
              assertThat(detail(row).getInt("status")).isEqualTo(401);
            });
    assertThat(fixtures.serverLog()).as("the server log").doesNotContain(ticket);
  }

  @Test
  void anUnknownSiteIsRefusedWith403AndAudited() {
    assertRefused(() -> Socket.open(kefu.visitorUri("no-such-site"), kefu.origin), 403);
    bystanderSays("meanwhile");
    assertThat(refusals("handshake.refused", "unknown_site"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("ip")).isEqualTo("127.0.0.1");
              assertThat(detail(row).getInt("status")).isEqualTo(403);
            });
  }

  @Test
  void aForeignOriginIsRefusedWith403AndAFloodOfThemMakesOneAuditRow() {
    TestSite site = fixtures.site(false, SHOP);
    for (int i = 0; i < 10; i++) {
      assertRefused(() -> Socket.open(kefu.visitorUri(site.key()), "https://evil.example"), 403);
    }
    assertRefused(() -> Socket.open(kefu.visitorUri(site.key()), null), 403);
    bystanderSays("meanwhile");
    Map<String, String> row = assertAudited("handshake.refused", site, "origin");
    assertThat(detail(row).getString("origin")).isEqualTo("https://evil.example");
    assertThat(detail(row).getInt("status")).isEqualTo(403);
  }

  @Test
  void theTwentyFirstConnectionFromOneAddressIsRefusedWith429AndAudited() {
    TestSite site = fixtures.site(false, kefu.origin);
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        open.add(Socket.open(kefu.visitorUri(site.key()), kefu.origin));
      }
      assertRefused(() -> Socket.open(kefu.visitorUri(site.key()), kefu.origin), 429);
      bystanderSays("meanwhile");
      open.remove(0).close();
      open.add(
          VisitorProtocolIT.eventually(
              () -> Socket.open(kefu.visitorUri(site.key()), kefu.origin)));
    } finally {
      open.forEach(Socket::close);
    }
    assertThat(detail(assertAudited("handshake.refused", site, "connections")).getInt("status"))
        .isEqualTo(429);
  }

  @Test
  void aFloodOfFramesIsRateLimitedThenClosedWith1008AndAudited() {
    TestSite site = fixtures.site(false, kefu.origin);
    String visitorId;
    try (Socket flooder = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      flooder.send(hello(null, null));
      visitorId = flooder.next("welcome").string("visitorId");
      for (int i = 0; i < 40; i++) {
        flooder.send("{\"type\":\"ping\"}");
      }
      assertThat(flooder.next("error").string("code")).isEqualTo("rate_limited");
      assertThat(flooder.closeCode()).isEqualTo(1008);
    }
    bystanderSays("meanwhile");
    assertThat(assertAudited("socket.rate_limited", site, "frames").get("actor"))
        .isEqualTo(visitorId);
  }

  @Test
  void aFrameOverTheLimitClosesWith1009AndIsAudited() {
    TestSite site = fixtures.site(false, kefu.origin);
    String visitorId;
    try (Socket sender = Socket.open(kefu.visitorUri(site.key()), kefu.origin)) {
      sender.send(hello(null, null));
      visitorId = sender.next("welcome").string("visitorId");
      sender.send(Kefu.send("z".repeat(17 * 1024)));
      assertThat(sender.closeCode()).isEqualTo(1009);
    }
    bystanderSays("meanwhile");
    // Audited when the server has seen the socket close, which the client may see first.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Map<String, String> row = assertAudited("socket.frame_too_big", site, "size");
              assertThat(row.get("actor")).isEqualTo(visitorId);
              assertThat(detail(row).getInt("maxBytes")).isEqualTo(16 * 1024);
            });
  }

  // ---------------------------------------------------------------------------------------------

  /** The bystander writes and is acknowledged; answers its conversation. */
  private String bystanderSays(String text) {
    bystander.socket().send(Kefu.send(text));
    Frame ack = bystander.socket().next(f -> f.type().equals("ack") || f.type().equals("error"));
    assertThat(ack.type()).as("the bystander's message: %s", ack).isEqualTo("ack");
    return ack.string("conversationId");
  }

  /**
   * The one audit row of this refusal on this site since the test started, however often it was
   * repeated: from this machine, at a time within the test, counted once.
   */
  private Map<String, String> assertAudited(String action, TestSite site, String reason) {
    List<Map<String, String>> rows =
        refusals(action, reason).stream()
            .filter(row -> site.id().equals(row.get("object_id")))
            .toList();
    assertThat(rows).as("%s %s on %s", action, reason, site.id()).hasSize(1);
    Map<String, String> row = rows.get(0);
    assertThat(row.get("ip")).isEqualTo("127.0.0.1");
    assertThat(row.get("object_type")).isEqualTo("site");
    assertThat(row.get("tenant_id")).startsWith("t-");
    assertThat(row.get("source")).isEqualTo("websocket");
    assertThat(Instant.parse(row.get("at"))).isBetween(started, Instant.now().plusSeconds(1));
    assertThat(detail(row).getInt("count")).isEqualTo(1);
    return row;
  }

  private List<Map<String, String>> refusals(String action, String reason) {
    return fixtures
        .audit(started)
        .where(
            row ->
                action.equals(row.get("action"))
                    && reason.equals(detail(row).getString("reason", "")))
        .stream()
        .toList();
  }

  private static JsonObject detail(Map<String, String> row) {
    return Json.createReader(new StringReader(row.get("detail"))).readObject();
  }

  private static void assertRefused(Runnable open, int status) {
    assertThatThrownBy(open::run)
        .isInstanceOfSatisfying(Socket.Refused.class, r -> assertThat(r.status).isEqualTo(status));
  }

  private static String identity(String userId, long ts, String hash) {
    return Json.createObjectBuilder()
        .add("userId", userId)
        .add("name", "Customer " + userId)
        .add("ts", ts)
        .add("hash", hash)
        .build()
        .toString();
  }

  private static String hello(String token, String identity) {
    return "{\"type\":\"hello\",\"protocol\":1"
        + (token == null ? "" : ",\"visitorToken\":\"" + token + "\"")
        + (identity == null ? "" : ",\"identity\":" + identity)
        + "}";
  }
}
