package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Protection and invitations over real sockets: a blocked visitor and a blocked address range are
 * refused at {@code hello} (an address only as a trusted proxy tells it), an open socket is closed
 * when its visitor is blocked, sensitive words are masked or refused both ways, and an invited
 * visitor's answer goes to the agent who invited them.
 *
 * <p>"The proxy" is a connection from 127.0.0.2, the address {@code kf.http.trusted-proxies} names;
 * everyone else connects from 127.0.0.1, which Kefu does not trust with {@code X-Forwarded-For}.
 * The word list is the tenant's, so this class has a server of its own.
 */
@ExtendWith(KefuServer.class)
@KefuServer.Settings("kf.http.trusted-proxies=127.0.0.2")
@Order(Integer.MAX_VALUE - 3)
@ResourceLock(KefuServer.RESOURCE)
class ProtectionIT {

  private static final String PASSWORD = "protect-secret-" + UUID.randomUUID();

  Kefu kefu;
  final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void aBlockedVisitorIsClosedAtOnceRefusedAtHelloAndWelcomeAgainOnceUnblocked() {
    String from =
        URLEncoder.encode(Instant.now().minusSeconds(3600).toString(), StandardCharsets.UTF_8);
    try (Kefu.Visitor visitor = kefu.visitor()) {
      String visitorId = visitor.welcome().string("visitorId");
      JsonObject block =
          json(
              call(
                  "POST",
                  "blocks",
                  "{\"visitorId\":\"" + visitorId + "\",\"reason\":\"spam " + run + "\"}",
                  201));
      assertThat(block.getString("kind")).isEqualTo("visitor");

      Frame refused = visitor.socket().next("error");
      assertThat(refused.string("code")).isEqualTo("blocked");
      assertThat(visitor.socket().closeCode()).isEqualTo(1008);

      try (Socket again = kefu.visitorSocket()) {
        again.send(hello(visitor.token()));
        Frame first = again.next();
        assertThat(first.type()).isEqualTo("error");
        assertThat(first.string("code")).isEqualTo("blocked");
        assertThat(again.closeCode()).isEqualTo(1008);
      }
      call("POST", "blocks", "{\"visitorId\":\"" + visitorId + "\"}", 400); // blocked already

      call("DELETE", "blocks/" + block.getString("id"), null, 204);
      try (Socket back = kefu.visitorSocket()) {
        back.send(hello(visitor.token()));
        assertThat(back.next("welcome").string("visitorId")).isEqualTo(visitorId);
      }
      AuditRows audit = AuditRows.parse(ok(get("api/v1/audit?from=" + from)).body());
      assertThat(
              audit.where(
                  r ->
                      r.get("action").equals("visitor.blocked")
                          && r.get("detail").contains("spam " + run)))
          .hasSize(1);
      assertThat(
              audit.where(
                  r ->
                      r.get("action").equals("visitor.unblocked")
                          && r.get("detail").contains(visitorId)))
          .hasSize(1);
      assertThat(audit.where(r -> r.get("action").equals("visitor.turned_away"))).isNotEmpty();
    }
  }

  @Test
  void aBlockedRangeIsRefusedWhenTheTrustedProxySaysTheAddressAndOnlyThen() throws Exception {
    JsonObject v4 = json(call("POST", "blocks", "{\"cidr\":\"203.0.113.77/24\"}", 201));
    JsonObject v6 = json(call("POST", "blocks", "{\"cidr\":\"2001:DB8::/32\"}", 201));
    assertThat(v4.getString("cidr")).isEqualTo("203.0.113.0/24");
    assertThat(v6.getString("cidr")).isEqualTo("2001:db8::/32");
    assertThat(json(call("POST", "blocks", "{\"cidr\":\"example.com/8\"}", 400)).getString("error"))
        .isEqualTo("range_invalid");
    try {
      assertThat(throughProxy("203.0.113.7")).contains("\"code\":\"blocked\"");
      assertThat(throughProxy("2001:db8:1::9")).contains("\"code\":\"blocked\"");
      assertThat(throughProxy("198.51.100.7")).contains("\"type\":\"welcome\"");

      // Anyone else may say X-Forwarded-For; it is not believed.
      try (Socket claimed =
          Socket.open(
              kefu.visitorUri(kefu.siteKey()),
              kefu.origin,
              Map.of("X-Forwarded-For", "203.0.113.7"))) {
        claimed.send(hello(null));
        assertThat(claimed.next().type()).isEqualTo("welcome");
      }
    } finally {
      call("DELETE", "blocks/" + v4.getString("id"), null, 204);
      call("DELETE", "blocks/" + v6.getString("id"), null, 204);
    }
    assertThat(throughProxy("203.0.113.7")).contains("\"type\":\"welcome\"");
  }

  @Test
  void aBlockedRangeClosesTheOpenSocketsFromIt() throws Exception {
    try (RawSocket socket =
        RawSocket.open(
            kefu.visitorUri(kefu.siteKey()),
            kefu.origin,
            "127.0.0.2",
            List.of("X-Forwarded-For: 192.0.2.44"))) {
      socket.send(hello(null));
      assertThat(socket.nextText()).contains("\"type\":\"welcome\"");
      JsonObject block = json(call("POST", "blocks", "{\"cidr\":\"192.0.2.0/26\"}", 201));
      RawSocket.Read rest = socket.readToTheEnd();
      assertThat(rest.texts()).anyMatch(t -> t.contains("\"code\":\"blocked\""));
      assertThat(rest.closeCode()).isEqualTo(1008);
      call("DELETE", "blocks/" + block.getString("id"), null, 204);
    }
  }

  @Test
  void sensitiveWordsAreMaskedOrRefusedInBothDirectionsAsConfigured() {
    Desk desk = desk("words");
    try (Socket agent = agentOnline(desk.username());
        Socket visitor = Socket.open(kefu.visitorUri(desk.siteKey()), kefu.origin)) {
      visitor.send(hello(null));
      visitor.next("welcome");
      words("[\"发票\",\"Scam\"]", "mask", true, true);

      visitor.send(Kefu.send("我要开发票，is this a SCAM?"));
      String conversation = visitor.next("ack").string("conversationId");
      agent.next("conversation");
      assertThat(agent.next("msg").string("text")).isEqualTo("我要开＊＊，is this a ＊＊＊＊?");

      agent.send(agentSend(conversation, "No scam, but a scammer would say so"));
      agent.next("ack");
      assertThat(visitor.next("msg").string("text"))
          .isEqualTo("No ＊＊＊＊, but a scammer would say so");

      words("[\"发票\",\"Scam\"]", "refuse", true, true);
      visitor.send(Kefu.sendFrame("refused-" + run, "发票"));
      Frame refused = visitor.next("error");
      assertThat(refused.string("code")).isEqualTo("message_refused");
      assertThat(refused.string("field")).isEqualTo("text");
      assertThat(refused.string("ref")).isEqualTo("refused-" + run);
      agent.send(agentSend(conversation, "a scam"));
      assertThat(agent.next("error").string("code")).isEqualTo("message_refused");

      // Agents' messages may be left alone: only visitors' are screened then.
      words("[\"发票\",\"Scam\"]", "refuse", true, false);
      agent.send(agentSend(conversation, "a scam"));
      agent.next("ack");
      assertThat(visitor.next("msg").string("text")).isEqualTo("a scam");
      assertThat(visitor.untilPong()).noneMatch(f -> f.type().equals("error"));
      words("[]", "mask", true, true);
      visitor.send("{\"type\":\"close\",\"conversationId\":\"" + conversation + "\"}");
      visitor.next("closed");
    }
  }

  /**
   * Visitors' messages that arrive together are stored together; a refused word among them must
   * still be refused to its own sender only, and every other message of the crowd stored.
   */
  @Test
  void aRefusedWordAmongManySendersIsRefusedToItsSenderOnly() throws Exception {
    Desk desk = desk("crowd-words");
    int crowd = 8;
    int each = 6;
    List<Socket> visitors = new java.util.ArrayList<>();
    List<String> conversations = new java.util.ArrayList<>();
    try {
      for (int n = 0; n < crowd; n++) {
        Socket visitor = Socket.open(kefu.visitorUri(desk.siteKey()), kefu.origin);
        visitors.add(visitor);
        visitor.send(hello(null));
        visitor.next("welcome");
        visitor.send(Kefu.send("opening " + n));
        conversations.add(visitor.next("ack").string("conversationId"));
      }
      words("[\"发票\"]", "refuse", true, true);
      AtOnce.run(
          crowd,
          who -> {
            for (int i = 0; i < each; i++) {
              visitors
                  .get(who)
                  .send(
                      who == 0 && i == 2
                          ? Kefu.sendFrame("refused-crowd-" + run, "开发票")
                          : Kefu.send("visitor " + who + " message " + i));
            }
          });
      for (int n = 0; n < crowd; n++) {
        List<String> answers = new java.util.ArrayList<>();
        for (int i = 0; i < each; i++) {
          Frame answer =
              visitors.get(n).next(f -> f.type().equals("ack") || f.type().equals("error"));
          answers.add(
              answer.type().equals("ack")
                  ? "ack " + answer.number("seq")
                  : answer.string("code") + " " + answer.string("ref"));
        }
        assertThat(answers)
            .as("visitor %d", n)
            .containsExactlyElementsOf(
                n == 0
                    ? List.of(
                        "ack 2",
                        "ack 3",
                        "message_refused refused-crowd-" + run,
                        "ack 4",
                        "ack 5",
                        "ack 6")
                    : List.of("ack 2", "ack 3", "ack 4", "ack 5", "ack 6", "ack 7"));
      }
    } finally {
      words("[]", "mask", true, true);
      for (int n = 0; n < conversations.size(); n++) {
        visitors
            .get(n)
            .send("{\"type\":\"close\",\"conversationId\":\"" + conversations.get(n) + "\"}");
      }
      visitors.forEach(Socket::close);
    }
  }

  @Test
  void anInvitedVisitorsAnswerGoesToTheAgentWhoInvitedThem() {
    Desk desk = desk("invite");
    account("invite-other", desk.department());
    // The inviting agent already has a chat, so least-busy routing alone would pick the other.
    form("conversations", Map.of("agentId", desk.agent()));
    try (Socket inviter = agentOnline(desk.username());
        Socket idle = agentOnline(name("invite-other"));
        Socket visitor = Socket.open(kefu.visitorUri(desk.siteKey()), kefu.origin)) {
      visitor.send(hello(null));
      String visitorId = visitor.next("welcome").string("visitorId");

      HttpResponse<String> invited =
          request(
              "POST",
              "visitors/" + visitorId + "/invite",
              "{\"text\":\"需要帮忙吗？\"}",
              Kefu.basic(name("invite"), PASSWORD));
      assertThat(invited.statusCode()).as(invited.body()).isEqualTo(204);
      Frame invite = visitor.next("invite");
      assertThat(invite.object("agent").getString("name")).isEqualTo(name("invite"));
      assertThat(invite.string("text")).isEqualTo("需要帮忙吗？");

      visitor.send(Kefu.send("yes please"));
      String conversation = visitor.next("ack").string("conversationId");
      Frame assigned = inviter.next("conversation");
      assertThat(assigned.object("conversation").getString("id")).isEqualTo(conversation);
      assertThat(visitor.next("assigned").object("agent").getString("name"))
          .isEqualTo(name("invite"));
      assertThat(idle.untilPong()).noneMatch(f -> f.type().equals("conversation"));

      HttpResponse<String> again =
          request(
              "POST",
              "visitors/" + visitorId + "/invite",
              "{}",
              Kefu.basic(name("invite"), PASSWORD));
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(json(again.body()).getString("error")).isEqualTo("already_chatting");

      // Nobody invited this one: routing as usual, to the least busy.
      try (Socket plain = Socket.open(kefu.visitorUri(desk.siteKey()), kefu.origin)) {
        plain.send(hello(null));
        plain.next("welcome");
        plain.send(Kefu.send("hello?"));
        String second = plain.next("ack").string("conversationId");
        assertThat(idle.next("conversation").object("conversation").getString("id"))
            .isEqualTo(second);
        plain.send("{\"type\":\"close\",\"conversationId\":\"" + second + "\"}");
        plain.next("closed");
      }
      visitor.send("{\"type\":\"close\",\"conversationId\":\"" + conversation + "\"}");
      visitor.next("closed");
    }
  }

  /** A department with a site of its own and one agent in it, for one test. */
  record Desk(String department, String siteKey, String agent, String username) {}

  private Desk desk(String who) {
    String[] made = form("departments", Map.of("origins", kefu.origin)).split("\n");
    return new Desk(made[0], made[1], account(who, made[0]), name(who));
  }

  private String account(String who, String department) {
    return form(
        "accounts",
        Map.of(
            "username",
            name(who),
            "password",
            PASSWORD,
            "roles",
            "kf-agent",
            "department",
            department));
  }

  private String name(String who) {
    return "pr-" + who + "-" + run;
  }

  private String form(String path, Map<String, String> fields) {
    return kefu.fixture(path, fields).trim();
  }

  /** The socket of the agent with this user name, online. */
  private Socket agentOnline(String username) {
    Socket socket = Socket.open(kefu.agentUri(kefu.ticket(username, PASSWORD)), kefu.origin);
    socket.send("{\"type\":\"hello\",\"protocol\":1}");
    socket.next("welcome");
    socket.send("{\"type\":\"status\",\"value\":\"online\"}");
    socket.next("status");
    return socket;
  }

  private void words(String words, String mode, boolean visitors, boolean agents) {
    call(
        "PUT",
        "sensitive-words",
        "{\"words\":"
            + words
            + ",\"mode\":\""
            + mode
            + "\",\"screenVisitors\":"
            + visitors
            + ",\"screenAgents\":"
            + agents
            + "}",
        200);
  }

  /** What the proxy gets first for a visitor at {@code address}: an error or the welcome. */
  private String throughProxy(String address) throws Exception {
    try (RawSocket socket =
        RawSocket.open(
            kefu.visitorUri(kefu.siteKey()),
            kefu.origin,
            "127.0.0.2",
            List.of("X-Forwarded-For: " + address))) {
      socket.send(hello(null));
      return String.valueOf(socket.nextText());
    }
  }

  private static String agentSend(String conversation, String text) {
    return Json.createObjectBuilder()
        .add("type", "send")
        .add("conversationId", conversation)
        .add("clientMsgId", UUID.randomUUID().toString())
        .add("text", text)
        .build()
        .toString();
  }

  private static String hello(String token) {
    return "{\"type\":\"hello\",\"protocol\":1,\"locale\":\"en\""
        + (token == null ? "" : ",\"visitorToken\":\"" + token + "\"")
        + "}";
  }

  private String call(String method, String path, String body, int expected) {
    HttpResponse<String> response = request(method, "api/v1/" + path, body, Kefu.basic());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expected);
    return response.body();
  }

  private HttpResponse<String> request(
      String method, String path, String body, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve(path.startsWith("api/") ? path : "api/v1/" + path))
            .header("Authorization", authorization);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return kefu.send(request);
  }

  private HttpResponse<String> get(String path) {
    return request("GET", path, null, Kefu.basic());
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
