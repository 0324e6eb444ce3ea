package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.it.Kefu.Visitor;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent's side of the protocol and a whole conversation between a visitor and an agent. A
 * reused ticket is in {@link EdgeRefusalsIT}.
 */
@ExtendWith(KefuServer.class)
class AgentProtocolIT {

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void anAgentSocketWithoutAValidTicketIsRefusedWith401() {
    URI noTicket = URI.create(kefu.agentUri("x").toString().replace("?ticket=x", ""));
    assertRefused(noTicket, 401);
    assertRefused(kefu.agentUri("forged-ticket"), 401);
  }

  @Test
  void aTicketNeedsAnAuthenticatedAgent() {
    assertThat(kefu.post("api/v1/auth/ws-ticket", null).statusCode()).isEqualTo(401);
    assertThat(kefu.post("api/v1/auth/ws-ticket", "Basic YWRtaW46d3Jvbmc=").statusCode())
        .isEqualTo(401);
  }

  @Test
  void aSessionSignInGivesTicketsAndSigningInAgainOverItWorks() throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    String login = "{\"username\":\"admin\",\"password\":\"" + Kefu.ADMIN_PASSWORD + "\"}";
    for (int attempt = 1; attempt <= 2; attempt++) {
      HttpResponse<String> signIn =
          browser.send(
              HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .header("Origin", kefu.origin)
                  .POST(HttpRequest.BodyPublishers.ofString(login))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).as("sign-in %d: %s", attempt, signIn.body()).isEqualTo(200);
      assertThat(signIn.body()).contains("\"kf-agent\"");
      assertThat(signIn.headers().allValues("Set-Cookie"))
          .anySatisfy(
              cookie ->
                  assertThat(cookie)
                      .startsWith("KFSESSION=")
                      .containsIgnoringCase("HttpOnly")
                      .containsIgnoringCase("SameSite=Lax"));
    }
    HttpResponse<String> ticket =
        browser.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/ws-ticket"))
                .header("Origin", kefu.origin)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(200);
    assertThat(ticket.body()).contains("\"expiresIn\":60");
  }

  @Test
  void visitorAndAgentTalk() {
    try (Socket agent = kefu.agent("online");
        Visitor visitor = kefu.visitor()) {
      assertThat(visitor.welcome().json().getBoolean("online")).isTrue();
      visitor.socket().send(Kefu.send("Where is my parcel?"));
      Frame ack = visitor.socket().next("ack");
      String conversationId = ack.string("conversationId");
      Frame assigned = visitor.socket().next("assigned");
      assertThat(assigned.object("agent").getString("name")).isEqualTo("Admin");

      Frame conversation = agent.next("conversation");
      assertThat(conversation.object("conversation").getString("id")).isEqualTo(conversationId);
      assertThat(conversation.object("conversation").getString("state")).isEqualTo("assigned");
      assertThat(conversation.object("conversation").getJsonObject("visitor").getString("locale"))
          .isEqualTo("zh-CN");
      Frame question = agent.next("msg");
      assertThat(question.string("text")).isEqualTo("Where is my parcel?");
      assertThat(question.number("seq")).isEqualTo(1);

      agent.send("{\"type\":\"typing\",\"conversationId\":\"" + conversationId + "\",\"on\":true}");
      assertThat(visitor.socket().next("typing").json().getBoolean("on")).isTrue();
      visitor.socket().send("{\"type\":\"typing\",\"on\":true}");
      assertThat(agent.next("typing").string("conversationId")).isEqualTo(conversationId);

      agent.send(
          "{\"type\":\"send\",\"conversationId\":\""
              + conversationId
              + "\",\"clientMsgId\":\"a-1\",\"text\":\"It ships today.\"}");
      assertThat(agent.next("ack").number("seq")).isEqualTo(2);
      Frame answer = visitor.socket().next("msg");
      assertThat(answer.number("seq")).isEqualTo(2);
      assertThat(answer.string("text")).isEqualTo("It ships today.");
      assertThat(answer.object("sender").getString("type")).isEqualTo("agent");
      assertThat(answer.object("sender").getString("name")).isEqualTo("Admin");

      visitor
          .socket()
          .send("{\"type\":\"read\",\"conversationId\":\"" + conversationId + "\",\"seq\":2}");
      assertThat(agent.next("read").number("seq")).isEqualTo(2);

      visitor
          .socket()
          .send(
              "{\"type\":\"page\",\"url\":\""
                  + kefu.origin
                  + "/checkout\",\"title\":\"Checkout\"}");
      assertThat(agent.next("visitor_page").string("title")).isEqualTo("Checkout");

      agent.send("{\"type\":\"close\",\"conversationId\":\"" + conversationId + "\"}");
      assertThat(visitor.socket().next("closed").string("by")).isEqualTo("agent");
      assertThat(agent.next("closed").string("conversationId")).isEqualTo(conversationId);
    }
  }

  @Test
  void aConversationWaitsInTheQueueUntilAnAgentComesOnline() {
    try (Socket away = kefu.agent("away")) {
      try (Visitor visitor = kefu.visitor()) {
        visitor.socket().send(Kefu.send("anyone there?"));
        String conversationId = visitor.socket().next("ack").string("conversationId");
        Frame queue = visitor.socket().next("queue");
        assertThat(queue.string("conversationId")).isEqualTo(conversationId);
        assertThat(queue.number("position")).isGreaterThanOrEqualTo(1);

        away.send("{\"type\":\"status\",\"value\":\"online\"}");
        Frame conversation = away.next("conversation");
        assertThat(conversation.object("conversation").getString("id")).isEqualTo(conversationId);
        assertThat(away.next("msg").string("text")).isEqualTo("anyone there?");
        assertThat(visitor.socket().next("assigned").string("conversationId"))
            .isEqualTo(conversationId);
        visitor.end(conversationId);
      }
    }
  }

  @Test
  void anAgentResumesWithWhatItMissedAndSeesItsConversationsInWelcome() {
    try (Visitor visitor = kefu.visitor()) {
      String conversationId;
      try (Socket agent = kefu.agent("online")) {
        visitor.socket().send(Kefu.send("one"));
        conversationId = visitor.socket().next("ack").string("conversationId");
        agent.next("conversation");
        agent.next("msg");
      }
      visitor.socket().send(Kefu.send("two"));
      visitor.socket().next("ack");
      visitor.socket().send(Kefu.send("three"));
      visitor.socket().next("ack");

      try (Socket back = Socket.open(kefu.agentUri(kefu.ticket()), kefu.origin)) {
        back.send(
            "{\"type\":\"hello\",\"protocol\":1,\"resume\":[{\"conversationId\":\""
                + conversationId
                + "\",\"lastSeq\":1}]}");
        List<Frame> missed = List.of(back.next(), back.next());
        assertThat(missed).extracting(Frame::type).containsOnly("msg");
        assertThat(missed).extracting(f -> f.string("text")).containsExactly("two", "three");
        Frame welcome = back.next();
        assertThat(welcome.type()).isEqualTo("welcome");
        assertThat(
                welcome
                    .json()
                    .getJsonArray("conversations")
                    .getValuesAs(jakarta.json.JsonObject.class))
            .anySatisfy(c -> assertThat(c.getString("id")).isEqualTo(conversationId));
      }
      visitor.end(conversationId);
    }
  }

  /**
   * Two consoles of one agent writing into three chats at once: their messages are stored in
   * groups, which must still give each chat every message once with gapless seqs, reach each
   * visitor in order, and refuse a message to a chat that is not the agent's to that message only.
   */
  @Test
  void twoConsolesWritingAtOnceHaveEachMessageStoredOnce() throws Exception {
    int each = 9;
    try (Socket first = kefu.agent("online");
        Socket second = kefu.agent("online");
        Visitor a = kefu.visitor();
        Visitor b = kefu.visitor();
        Visitor c = kefu.visitor()) {
      List<Visitor> visitors = List.of(a, b, c);
      List<String> chats = new java.util.ArrayList<>();
      for (Visitor visitor : visitors) {
        visitor.socket().send(Kefu.send("opening"));
        chats.add(visitor.socket().next("ack").string("conversationId"));
        visitor.socket().next("assigned");
      }
      List<Socket> consoles = List.of(first, second);
      AtOnce.run(
          consoles.size(),
          writer -> {
            for (int i = 0; i < each; i++) {
              String chat = writer == 1 && i == 4 ? "c-nope" : chats.get(i % chats.size());
              consoles
                  .get(writer)
                  .send(
                      "{\"type\":\"send\",\"conversationId\":\""
                          + chat
                          + "\",\"clientMsgId\":\"w"
                          + writer
                          + "-"
                          + i
                          + "\",\"text\":\"console "
                          + writer
                          + " line "
                          + i
                          + "\"}");
            }
          });
      java.util.Map<String, List<Long>> seqs = new java.util.HashMap<>();
      for (int w = 0; w < consoles.size(); w++) {
        for (int i = 0; i < each; i++) {
          Frame answer =
              consoles.get(w).next(f -> f.type().equals("ack") || f.type().equals("error"));
          if (w == 1 && i == 4) {
            assertThat(answer.type()).isEqualTo("error");
            assertThat(answer.string("code")).isEqualTo("not_found");
            assertThat(answer.string("ref")).isEqualTo("w1-4");
          } else {
            assertThat(answer.type()).as(answer.toString()).isEqualTo("ack");
            assertThat(answer.string("clientMsgId")).isEqualTo("w" + w + "-" + i);
            seqs.computeIfAbsent(answer.string("conversationId"), k -> new java.util.ArrayList<>())
                .add(answer.number("seq"));
          }
        }
      }
      for (int v = 0; v < visitors.size(); v++) {
        List<Long> stored = seqs.get(chats.get(v));
        List<Long> expected =
            java.util.stream.LongStream.rangeClosed(2, stored.size() + 1).boxed().toList();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
        List<Long> received = new java.util.ArrayList<>();
        for (int n = 0; n < stored.size(); n++) {
          received.add(visitors.get(v).socket().next("msg").number("seq"));
        }
        // Two consoles' messages are stored by two writers: their live frames may cross on the
        // way, and clients render by seq (the protocol's delivery guarantees).
        assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
        try (Socket replay = kefu.visitorSocket()) {
          replay.send(VisitorProtocolIT.hello(visitors.get(v).token(), chats.get(v), 1));
          assertThat(VisitorProtocolIT.framesUntilWelcome(replay))
              .extracting(f -> f.number("seq"))
              .containsExactlyElementsOf(expected);
        }
      }
      for (int v = 0; v < visitors.size(); v++) {
        visitors.get(v).end(chats.get(v));
      }
    }
  }

  @Test
  void anAgentCannotWriteIntoAConversationThatIsNotTheirs() {
    try (Socket agent = kefu.agent("away")) {
      agent.send(
          "{\"type\":\"send\",\"conversationId\":\"c-nope\",\"clientMsgId\":\"x\",\"text\":\"hi\"}");
      Frame error = agent.next("error");
      assertThat(error.string("code")).isEqualTo("not_found");
      assertThat(error.string("ref")).isEqualTo("x");
    }
  }

  @Test
  void aConversationOfAnAgentWhoseConsoleIsGoneGoesToAnotherAfterTheGracePeriod() {
    String[] made =
        kefu.fixture("departments", Map.of("graceSeconds", "1", "origins", kefu.origin))
            .split("\n");
    String department = made[0];
    String siteKey = made[1];
    String suffix = Long.toString(System.nanoTime(), 36);
    String password = "pw-" + suffix;
    for (String name : List.of("gone-" + suffix, "next-" + suffix)) {
      kefu.fixture(
          "accounts",
          Map.of(
              "username",
              name,
              "password",
              password,
              "roles",
              "kf-agent",
              "department",
              department));
    }
    Socket gone = agentOnline("gone-" + suffix, password);
    try (Socket visitor = Socket.open(kefu.visitorUri(siteKey), kefu.origin)) {
      visitor.send("{\"type\":\"hello\",\"protocol\":1,\"locale\":\"en\"}");
      visitor.next("welcome");
      visitor.send(Kefu.send("My parcel is late."));
      String conversationId = visitor.next("ack").string("conversationId");
      assertThat(visitor.next("assigned").object("agent").getString("name"))
          .isEqualTo("gone-" + suffix);
      gone.next("conversation");
      gone.send(
          "{\"type\":\"send\",\"conversationId\":\""
              + conversationId
              + "\",\"clientMsgId\":\"g-1\",\"text\":\"Let me look.\"}");
      assertThat(gone.next("ack").number("seq")).isEqualTo(2);
      visitor.next("msg");

      // The console is gone for good: the browser crashed, the laptop went to sleep.
      gone.close();
      try (Socket next = agentOnline("next-" + suffix, password)) {
        Frame assigned = visitor.next("assigned");
        assertThat(assigned.string("conversationId")).isEqualTo(conversationId);
        assertThat(assigned.object("agent").getString("name")).isEqualTo("next-" + suffix);
        Frame handedOn = next.next("conversation");
        assertThat(handedOn.object("conversation").getString("id")).isEqualTo(conversationId);

        // The whole history comes along: the visitor's question and the first agent's answer.
        HttpResponse<String> history =
            kefu.send(
                HttpRequest.newBuilder(
                        kefu.base.resolve("api/v1/conversations/" + conversationId + "/messages"))
                    .header("Authorization", Kefu.basic("next-" + suffix, password)));
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        assertThat(history.body()).contains("My parcel is late.").contains("Let me look.");

        next.send(
            "{\"type\":\"send\",\"conversationId\":\""
                + conversationId
                + "\",\"clientMsgId\":\"n-1\",\"text\":\"I am taking over.\"}");
        assertThat(next.next("ack").number("seq")).isEqualTo(3);
        assertThat(visitor.next("msg").string("text")).isEqualTo("I am taking over.");
      }
    }
  }

  @Test
  void aConversationWhoseVisitorHasGoneClosesAfterTheDepartmentsWait() {
    String[] made =
        kefu.fixture("departments", Map.of("visitorGoneSeconds", "1", "origins", kefu.origin))
            .split("\n");
    String suffix = Long.toString(System.nanoTime(), 36);
    String password = "pw-" + suffix;
    kefu.fixture(
        "accounts",
        Map.of(
            "username",
            "stays-" + suffix,
            "password",
            password,
            "roles",
            "kf-agent",
            "department",
            made[0]));
    try (Socket agent = agentOnline("stays-" + suffix, password)) {
      String conversationId;
      try (Socket visitor = Socket.open(kefu.visitorUri(made[1]), kefu.origin)) {
        visitor.send("{\"type\":\"hello\",\"protocol\":1,\"locale\":\"en\"}");
        visitor.next("welcome");
        visitor.send(Kefu.send("Hello?"));
        conversationId = visitor.next("ack").string("conversationId");
        visitor.next("assigned");
        agent.next("conversation");
        // The visitor closes the tab.
      }
      Frame closed = agent.next("closed");
      assertThat(closed.string("conversationId")).isEqualTo(conversationId);
      assertThat(closed.string("by")).isEqualTo("timeout");
    }
  }

  /** The agent socket of this account after hello, online. */
  private Socket agentOnline(String username, String password) {
    Socket socket = Socket.open(kefu.agentUri(kefu.ticket(username, password)), kefu.origin);
    socket.send("{\"type\":\"hello\",\"protocol\":1}");
    socket.next("welcome");
    socket.send("{\"type\":\"status\",\"value\":\"online\"}");
    socket.next("status");
    return socket;
  }

  private void assertRefused(URI uri, int status) {
    assertThatThrownBy(() -> Socket.open(uri, kefu.origin))
        .isInstanceOfSatisfying(Socket.Refused.class, r -> assertThat(r.status).isEqualTo(status));
  }
}
