package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the agent console adds around a conversation, through the real socket and REST API: canned
 * replies, internal notes (which no visitor ever sees), supervisors watching and taking over, the
 * note of a transfer, the visitor's page trail and earlier conversations. Each test has a
 * department and site of its own, with an agent, a second agent and a supervisor in it.
 */
@ExtendWith(KefuServer.class)
class ConsoleIT {

  private static final String PASSWORD = "console-it-" + UUID.randomUUID();

  Kefu kefu;
  String departmentId;
  String siteKey;
  String suffix;
  String agentId;
  String secondId;
  String supervisorId;

  @BeforeEach
  void team(URL deployment) {
    kefu = new Kefu(deployment);
    String[] made = kefu.fixture("departments", Map.of("origins", kefu.origin)).split("\n");
    departmentId = made[0];
    siteKey = made[1];
    suffix = UUID.randomUUID().toString().substring(0, 8);
    agentId = account("agent", "kf-agent");
    secondId = account("second", "kf-agent");
    supervisorId = account("super", "kf-agent,kf-supervisor");
  }

  // ---- canned replies ----

  @Test
  void personalRepliesAreTheirOwnersAndSharedOnesAreKeptBySupervisorsOfTheTenantOnly() {
    HttpResponse<String> personal =
        call(
            "agent",
            "POST",
            "canned-replies",
            "{\"shortcut\":\"/ship\",\"text\":\"Shipped today.\"}");
    assertThat(personal.statusCode()).as(personal.body()).isEqualTo(201);
    JsonObject ship = object(personal.body());
    assertThat(ship.getString("scope")).isEqualTo("personal");
    assertThat(ship.getString("shortcut")).isEqualTo("ship");
    String shipId = ship.getString("id");

    assertThat(shortcuts("agent")).contains("ship");
    assertThat(shortcuts("second")).doesNotContain("ship");
    String body = "{\"shortcut\":\"mine\",\"text\":\"taken\"}";
    assertThat(call("second", "PUT", "canned-replies/" + shipId, body).statusCode()).isEqualTo(404);
    assertThat(call("second", "DELETE", "canned-replies/" + shipId, null).statusCode())
        .isEqualTo(404);

    assertThat(
            call("agent", "POST", "canned-replies", "{\"shortcut\":\"ship\",\"text\":\"again\"}")
                .statusCode())
        .as("a shortcut is unique in its scope")
        .isEqualTo(409);
    assertThat(
            call("agent", "POST", "canned-replies", "{\"shortcut\":\"two words\",\"text\":\"x\"}")
                .statusCode())
        .isEqualTo(400);

    String shared = "{\"scope\":\"shared\",\"shortcut\":\"hi-" + suffix + "\",\"text\":\"您好！\"}";
    assertThat(call("agent", "POST", "canned-replies", shared).statusCode()).isEqualTo(403);
    HttpResponse<String> made = call("super", "POST", "canned-replies", shared);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String sharedId = object(made.body()).getString("id");
    assertThat(shortcuts("agent")).contains("hi-" + suffix);
    assertThat(shortcuts("second")).contains("hi-" + suffix);
    assertThat(call("agent", "PUT", "canned-replies/" + sharedId, body).statusCode())
        .isEqualTo(403);
    assertThat(call("agent", "DELETE", "canned-replies/" + sharedId, null).statusCode())
        .isEqualTo(403);
    HttpResponse<String> changed =
        call(
            "super",
            "PUT",
            "canned-replies/" + sharedId,
            "{\"shortcut\":\"hello-" + suffix + "\",\"text\":\"您好，请问有什么可以帮您？\"}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(object(changed.body()).getString("text")).isEqualTo("您好，请问有什么可以帮您？");

    String otherAdmin = "console-b-" + suffix;
    kefu.fixture("tenants", Map.of("username", otherAdmin, "password", PASSWORD));
    HttpResponse<String> theirs = request(otherAdmin, "GET", "canned-replies", null);
    assertThat(theirs.statusCode()).isEqualTo(200);
    assertThat(theirs.body()).doesNotContain(sharedId).doesNotContain(shipId);
    assertThat(request(otherAdmin, "PUT", "api/v1/canned-replies/" + sharedId, body).statusCode())
        .isEqualTo(404);

    assertThat(call("agent", "DELETE", "canned-replies/" + shipId, null).statusCode())
        .isEqualTo(204);
    assertThat(shortcuts("agent")).doesNotContain("ship");
    assertThat(call("admin", "DELETE", "canned-replies/" + sharedId, null).statusCode())
        .as("an admin keeps shared replies")
        .isEqualTo(204);
  }

  @Test
  void everyChangeOfACannedReplyIsAuditedWithBeforeAndAfter() {
    Instant started = Instant.now().minusSeconds(1);
    HttpResponse<String> made =
        call(
            "agent",
            "POST",
            "canned-replies",
            "{\"shortcut\":\"track-" + suffix + "\",\"text\":\"Your parcel is on its way.\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String id = object(made.body()).getString("id");
    HttpResponse<String> changed =
        call(
            "agent",
            "PUT",
            "canned-replies/" + id,
            "{\"shortcut\":\"track-" + suffix + "\",\"text\":\"包裹已发出。\"}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(call("agent", "DELETE", "canned-replies/" + id, null).statusCode()).isEqualTo(204);

    List<Map<String, String>> rows =
        new Fixtures(kefu).audit(started).where(row -> id.equals(row.get("object_id")));
    assertThat(rows)
        .extracting(row -> row.get("action"))
        .containsExactly("canned_reply.create", "canned_reply.update", "canned_reply.delete");
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.get("actor")).isEqualTo(agentId);
              assertThat(row.get("object_type")).isEqualTo("canned_reply");
              assertThat(row.get("source")).isEqualTo("api");
            });
    JsonObject created = object(rows.get(0).get("detail"));
    assertThat(created.getJsonObject("after").getString("shortcut")).isEqualTo("track-" + suffix);
    assertThat(created.getJsonObject("after").getString("scope")).isEqualTo("personal");
    assertThat(created.getJsonObject("before").get("text")).isEqualTo(JsonValue.NULL);
    JsonObject updated = object(rows.get(1).get("detail"));
    assertThat(updated.getJsonObject("before").keySet())
        .as("only what changed")
        .containsOnly("text");
    assertThat(updated.getJsonObject("before").getString("text"))
        .isEqualTo("Your parcel is on its way.");
    assertThat(updated.getJsonObject("after").getString("text")).isEqualTo("包裹已发出。");
    JsonObject deleted = object(rows.get(2).get("detail"));
    assertThat(deleted.getJsonObject("before").getString("text")).isEqualTo("包裹已发出。");
    assertThat(deleted.getJsonObject("after").get("shortcut")).isEqualTo(JsonValue.NULL);
  }

  // ---- internal notes ----

  @Test
  void aNoteReachesStaffOnlyTakesNoSeqAndComesBackOnResume() {
    try (Socket agent = agentSocket("agent", true);
        Socket visitor = visitor("https://shop.example/cart")) {
      String conversationId = open(visitor, agent, "Is my order shipped?");
      String note = "VIP, check the warehouse " + suffix;
      String noteFrame = noteFrame(conversationId, "n-" + suffix, note);
      agent.send(noteFrame);
      Frame echoed = agent.next("note");
      assertThat(echoed.string("text")).isEqualTo(note);
      assertThat(echoed.string("clientMsgId")).isEqualTo("n-" + suffix);
      assertThat(echoed.json().containsKey("seq")).isFalse();
      agent.send(noteFrame); // resent after a lost answer: stored once
      assertThat(agent.next("note").string("id")).isEqualTo(echoed.string("id"));

      agent.send(agentSend(conversationId, "It left this morning."));
      assertThat(agent.next("ack").number("seq")).as("the note took no seq").isEqualTo(2);
      assertThat(visitor.next("msg").number("seq")).isEqualTo(2);

      try (Socket resumed = Socket.open(kefu.visitorUri(siteKey), kefu.origin)) {
        resumed.send(
            "{\"type\":\"hello\",\"protocol\":1,\"visitorToken\":\""
                + visitorToken(visitor)
                + "\",\"resume\":{\"conversationId\":\""
                + conversationId
                + "\",\"lastSeq\":0}}");
        resumed.next("welcome");
        List<Frame> replayed = resumed.seen();
        assertThat(replayed.stream().filter(f -> f.type().equals("msg")).map(f -> f.number("seq")))
            .containsExactly(1L, 2L);
        assertThat(resumed.untilPong()).isEmpty();
        assertNoNote(resumed.seen(), note);
      }
      assertThat(visitor.untilPong()).noneMatch(f -> f.type().equals("note"));
      assertNoNote(visitor.seen(), note);

      JsonArray history =
          array(call("agent", "GET", "conversations/" + conversationId + "/messages", null).body());
      assertThat(history.getValuesAs(JsonObject.class).stream().map(m -> m.getInt("seq")))
          .containsExactly(1, 2);
      assertThat(history.toString()).doesNotContain(note);
      JsonArray notes =
          array(call("agent", "GET", "conversations/" + conversationId + "/notes", null).body());
      assertThat(notes).hasSize(1);
      assertThat(notes.getJsonObject(0).getString("text")).isEqualTo(note);
      assertThat(
              call("second", "GET", "conversations/" + conversationId + "/notes", null)
                  .statusCode())
          .isEqualTo(404);
      second("note", conversationId, "not mine");

      try (Socket reloaded = Socket.open(kefu.agentUri(ticket("agent")), kefu.origin)) {
        reloaded.send(
            "{\"type\":\"hello\",\"protocol\":1,\"resume\":[{\"conversationId\":\""
                + conversationId
                + "\",\"lastSeq\":2}]}");
        assertThat(reloaded.next("note").string("text")).isEqualTo(note);
        reloaded.next("welcome");
      }
      end(visitor, conversationId);
    }
  }

  // ---- read marks, waiting visitors, the live list ----

  @Test
  void aReadMarkReachesTheAgentsOtherConsolesAndBothMarksComeBackInTheSummaries() {
    try (Socket agent = agentSocket("agent", true);
        Socket visitor = visitor("https://shop.example/")) {
      String conversationId = open(visitor, agent, "Hello?");
      try (Socket phone = agentSocket("agent", false)) {
        agent.send(read(conversationId, 1));
        Frame elsewhere = phone.next("agent_read");
        assertThat(elsewhere.string("conversationId")).isEqualTo(conversationId);
        assertThat(elsewhere.number("seq")).isEqualTo(1);
        assertThat(agent.untilPong())
            .as("the console that read does not hear of it again")
            .noneMatch(f -> f.type().equals("agent_read"));
        assertThat(visitor.next("read").number("seq")).isEqualTo(1);
      }
      agent.send(agentSend(conversationId, "Hi, how can I help?"));
      long replied = agent.next("ack").number("seq");
      visitor.next("msg");
      visitor.send(read(conversationId, replied));
      assertThat(agent.next("read").number("seq")).isEqualTo(replied);

      try (Socket reloaded = Socket.open(kefu.agentUri(ticket("agent")), kefu.origin)) {
        reloaded.send("{\"type\":\"hello\",\"protocol\":1}");
        JsonObject summary =
            reloaded
                .next("welcome")
                .json()
                .getJsonArray("conversations")
                .getValuesAs(JsonObject.class)
                .stream()
                .filter(c -> c.getString("id").equals(conversationId))
                .findFirst()
                .orElseThrow();
        assertThat(summary.getJsonNumber("agentReadSeq").longValue()).isEqualTo(1);
        assertThat(summary.getJsonNumber("visitorReadSeq").longValue()).isEqualTo(replied);
      }
      end(visitor, conversationId);
    }
  }

  @Test
  void theDepartmentsStaffAreToldHowManyWaitAndItsSupervisorHowItsLiveChatsChange() {
    try (Socket agent = agentSocket("agent", false);
        Socket supervisor = agentSocket("super", false);
        Socket visitor = visitor("https://shop.example/")) {
      visitor.send(Kefu.send("Is anyone there?"));
      String conversationId = visitor.next("ack").string("conversationId");
      for (Socket staff : List.of(agent, supervisor)) {
        Frame waiting = staff.next("waiting");
        assertThat(waiting.string("departmentId")).isEqualTo(departmentId);
        assertThat(waiting.number("count")).isEqualTo(1);
      }
      try (Socket later = Socket.open(kefu.agentUri(ticket("agent")), kefu.origin)) {
        later.send("{\"type\":\"hello\",\"protocol\":1}");
        assertThat(
                later.next("welcome").json().getJsonArray("waiting").getValuesAs(JsonObject.class))
            .extracting(w -> w.getString("departmentId"), w -> w.getInt("count"))
            .containsExactly(org.assertj.core.groups.Tuple.tuple(departmentId, 1));
      }

      agent.send("{\"type\":\"status\",\"value\":\"online\"}");
      agent.next("conversation");
      Frame live =
          supervisor.next(f -> f.type().equals("live") && f.string("state").equals("assigned"));
      assertThat(live.string("conversationId")).isEqualTo(conversationId);
      assertThat(live.string("agentName")).isEqualTo("agent-" + suffix);
      assertThat(supervisor.next("waiting").number("count")).isZero();
      assertThat(agent.untilPong())
          .as("the live list is for supervisors and admins")
          .noneMatch(f -> f.type().equals("live"));

      end(visitor, conversationId);
      assertThat(
              supervisor
                  .next(f -> f.type().equals("live") && f.string("state").equals("closed"))
                  .string("conversationId"))
          .isEqualTo(conversationId);
    }
  }

  private static String read(String conversationId, long seq) {
    return "{\"type\":\"read\",\"conversationId\":\"" + conversationId + "\",\"seq\":" + seq + "}";
  }

  // ---- watch and take over ----

  @Test
  void aSupervisorWatchesALiveConversationAndTakesItOverAndAnAgentMayDoNeither() {
    try (Socket agent = agentSocket("agent", true);
        Socket supervisor = agentSocket("super", false);
        Socket visitor = visitor("https://shop.example/")) {
      String conversationId = open(visitor, agent, "Can someone help?");

      second("watch", conversationId, null);
      second("take", conversationId, null);
      assertThat(call("agent", "GET", "conversations/live", null).statusCode()).isEqualTo(403);
      JsonArray live = array(call("super", "GET", "conversations/live", null).body());
      assertThat(live.getValuesAs(JsonObject.class))
          .anySatisfy(
              c -> {
                assertThat(c.getString("id")).isEqualTo(conversationId);
                assertThat(c.getString("agentId")).isEqualTo(agentId);
              });

      supervisor.send(frame("watch", conversationId));
      Frame watching = supervisor.next("watching");
      assertThat(watching.object("conversation").getJsonObject("agent").getString("id"))
          .isEqualTo(agentId);
      assertThat(supervisor.next("msg").string("text")).isEqualTo("Can someone help?");

      visitor.send(Kefu.send("Hello?"));
      visitor.next("ack");
      assertThat(supervisor.next("msg").string("text")).isEqualTo("Hello?");
      visitor.send("{\"type\":\"typing\",\"on\":true}");
      Frame typing = supervisor.next("typing");
      assertThat(typing.string("side")).isEqualTo("visitor");
      agent.send(noteFrame(conversationId, UUID.randomUUID().toString(), "Angry customer"));
      agent.next("note");
      assertThat(supervisor.next("note").string("text")).isEqualTo("Angry customer");
      supervisor.send(noteFrame(conversationId, UUID.randomUUID().toString(), "I take it"));
      supervisor.next("note");
      assertThat(agent.next("note").string("text"))
          .as("a supervisor may whisper")
          .isEqualTo("I take it");

      supervisor.send(frame("take", conversationId));
      Frame assigned = visitor.next("assigned");
      assertThat(assigned.object("agent").getString("name")).isEqualTo("super-" + suffix);
      assertThat(agent.next("closed").string("by")).isEqualTo("transfer");
      Frame taken = supervisor.next("conversation");
      assertThat(taken.object("conversation").getString("id")).isEqualTo(conversationId);
      assertThat(
              supervisor.next(
                  f -> f.type().equals("note") && f.string("text").equals("Angry customer")))
          .isNotNull();
      supervisor.send(agentSend(conversationId, "I am the supervisor; let me help."));
      supervisor.next("ack");
      assertThat(visitor.next("msg").string("text")).isEqualTo("I am the supervisor; let me help.");
      assertNoNote(visitor.seen(), "Angry customer");
      assertNoNote(visitor.seen(), "I take it");
      end(visitor, conversationId);
    }
  }

  // ---- transfer with a note ----

  @Test
  void aTransferTellsTheVisitorButOnlyTheNextAgentReadsItsNote() {
    try (Socket agent = agentSocket("agent", true);
        Socket second = agentSocket("second", false);
        Socket visitor = visitor("https://shop.example/")) {
      String conversationId = open(visitor, agent, "I need a refund");
      JsonObject targets = object(call("agent", "GET", "transfer-targets", null).body());
      assertThat(targets.getJsonArray("agents").toString()).contains(secondId);
      assertThat(targets.getJsonArray("departments").toString()).contains(departmentId);
      String note = "Wants a refund for order 42 " + suffix;
      agent.send(
          "{\"type\":\"transfer\",\"conversationId\":\""
              + conversationId
              + "\",\"toAgentId\":\""
              + secondId
              + "\",\"note\":\""
              + note
              + "\"}");
      Frame told = visitor.next("msg");
      assertThat(told.object("sender").getString("type")).isEqualTo("system");
      assertThat(told.string("text")).contains("second-" + suffix).doesNotContain(note);
      assertThat(visitor.next("assigned").object("agent").getString("name"))
          .isEqualTo("second-" + suffix);
      assertThat(second.next("conversation").object("conversation").getString("id"))
          .isEqualTo(conversationId);
      Frame received = second.next("note");
      assertThat(received.string("text")).isEqualTo(note);
      assertThat(received.object("author").getString("name")).isEqualTo("agent-" + suffix);
      assertThat(visitor.untilPong()).noneMatch(f -> f.type().equals("note"));
      assertNoNote(visitor.seen(), note);
      end(visitor, conversationId);
    }
  }

  // ---- page trail and earlier conversations ----

  @Test
  void theAgentSeesTheVisitorsPageTrailAndEarlierConversationsReadOnly() {
    try (Socket agent = agentSocket("agent", true);
        Socket visitor = visitor("https://shop.example/home")) {
      String first = open(visitor, agent, "First question");
      visitor.send("{\"type\":\"page\",\"url\":\"https://shop.example/cart\",\"title\":\"Cart\"}");
      assertThat(agent.next("visitor_page").string("url")).isEqualTo("https://shop.example/cart");
      agent.send(frame("close", first));
      visitor.next("closed");
      agent.next("closed");

      visitor.send(Kefu.send("Second question"));
      String second = visitor.next("ack").string("conversationId");
      assertThat(second).isNotEqualTo(first);
      agent.next("conversation");
      visitor.send(
          "{\"type\":\"page\",\"url\":\"https://shop.example/checkout\",\"title\":\"Checkout\"}");
      agent.next("visitor_page");

      JsonArray pages =
          array(call("agent", "GET", "conversations/" + second + "/pages", null).body());
      assertThat(pages.getValuesAs(JsonObject.class).stream().map(p -> p.getString("url")))
          .containsExactly(
              "https://shop.example/home",
              "https://shop.example/cart",
              "https://shop.example/checkout");
      assertThat(pages.getJsonObject(2).getString("title")).isEqualTo("Checkout");

      JsonArray previous =
          array(call("agent", "GET", "conversations/" + second + "/previous", null).body());
      assertThat(previous).hasSize(1);
      assertThat(previous.getJsonObject(0).getString("id")).isEqualTo(first);
      assertThat(previous.getJsonObject(0).getString("state")).isEqualTo("closed");
      JsonArray old =
          array(
              call(
                      "agent",
                      "GET",
                      "conversations/" + second + "/previous/" + first + "/messages",
                      null)
                  .body());
      assertThat(old.getJsonObject(0).getString("text")).isEqualTo("First question");

      for (String path : List.of("/pages", "/previous", "/previous/" + first + "/messages")) {
        assertThat(call("second", "GET", "conversations/" + second + path, null).statusCode())
            .as("another agent's conversation: %s", path)
            .isEqualTo(404);
      }
      try (Socket other = visitor("https://shop.example/other")) {
        String unrelated = open(other, agent, "Someone else");
        assertThat(
                call(
                        "agent",
                        "GET",
                        "conversations/" + second + "/previous/" + unrelated + "/messages",
                        null)
                    .statusCode())
            .as("a conversation of another visitor is not an earlier one of this visitor")
            .isEqualTo(404);
        end(other, unrelated);
      }
      end(visitor, second);
    }
  }

  @Test
  void aDepartmentsRepliesAreKeptBySupervisorsAndSeenByItsMembersOnly() {
    String other = kefu.fixture("departments", Map.of("origins", kefu.origin)).split("\n")[0];
    kefu.fixture(
        "accounts",
        Map.of(
            "username",
            "outsider-" + suffix,
            "password",
            PASSWORD,
            "roles",
            "kf-agent",
            "department",
            other));
    String body =
        "{\"scope\":\"department\",\"departmentId\":\""
            + departmentId
            + "\",\"shortcut\":\"team-"
            + suffix
            + "\",\"text\":\"Our team answers.\"}";
    assertThat(call("agent", "POST", "canned-replies", body).statusCode())
        .as("an agent keeps no shared replies")
        .isEqualTo(403);
    HttpResponse<String> made = call("super", "POST", "canned-replies", body);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(object(made.body()).getString("departmentId")).isEqualTo(departmentId);
    assertThat(object(made.body()).getString("scope")).isEqualTo("shared");
    assertThat(shortcuts("agent")).contains("team-" + suffix);
    assertThat(shortcuts("outsider")).doesNotContain("team-" + suffix);
    assertThat(
            call(
                    "outsider",
                    "DELETE",
                    "canned-replies/" + object(made.body()).getString("id"),
                    null)
                .statusCode())
        .as("another department's reply is as good as none")
        .isEqualTo(404);
    HttpResponse<String> again = call("super", "POST", "canned-replies", body);
    assertThat(again.statusCode()).as("a shortcut once per department").isEqualTo(409);
    HttpResponse<String> tenantWide =
        call(
            "admin",
            "POST",
            "canned-replies",
            "{\"scope\":\"shared\",\"shortcut\":\"team-" + suffix + "\",\"text\":\"All of us.\"}");
    assertThat(tenantWide.statusCode()).as("another scope, the same shortcut").isEqualTo(201);
    assertThat(
            call(
                    "super",
                    "POST",
                    "canned-replies",
                    "{\"scope\":\"department\",\"shortcut\":\"x\",\"text\":\"y\"}")
                .statusCode())
        .isEqualTo(400);
  }

  // ---- helpers ----

  private String account(String name, String roles) {
    return kefu.fixture(
        "accounts",
        Map.of(
            "username", name + "-" + suffix,
            "password", PASSWORD,
            "roles", roles,
            "department", departmentId));
  }

  private String ticket(String name) {
    return kefu.ticket(name + "-" + suffix, PASSWORD);
  }

  /** The agent's socket after hello; online to take conversations, else left offline. */
  private Socket agentSocket(String name, boolean online) {
    Socket socket = Socket.open(kefu.agentUri(ticket(name)), kefu.origin);
    socket.send("{\"type\":\"hello\",\"protocol\":1}");
    socket.next("welcome");
    if (online) {
      socket.send("{\"type\":\"status\",\"value\":\"online\"}");
      socket.next("status");
    }
    return socket;
  }

  private Socket visitor(String page) {
    Socket socket = Socket.open(kefu.visitorUri(siteKey), kefu.origin);
    socket.send(
        "{\"type\":\"hello\",\"protocol\":1,\"locale\":\"en\",\"page\":{\"url\":\""
            + page
            + "\",\"title\":\"Shop\",\"referrer\":\"https://search.example/\"}}");
    socket.next("welcome");
    return socket;
  }

  private static String visitorToken(Socket visitor) {
    return visitor.seen().stream()
        .filter(f -> f.type().equals("welcome"))
        .findFirst()
        .orElseThrow()
        .string("visitorToken");
  }

  /** The visitor's first message opens a conversation that the online agent gets. */
  private static String open(Socket visitor, Socket agent, String text) {
    visitor.send(Kefu.send(text));
    String conversationId = visitor.next("ack").string("conversationId");
    visitor.next("assigned");
    assertThat(agent.next("conversation").object("conversation").getString("id"))
        .isEqualTo(conversationId);
    agent.next("msg");
    return conversationId;
  }

  private static void end(Socket visitor, String conversationId) {
    visitor.send(frame("close", conversationId));
    visitor.next("closed");
  }

  /** The second agent, who has nothing to do with the conversation, is refused as for none. */
  private void second(String type, String conversationId, String text) {
    try (Socket second = agentSocket("second", false)) {
      second.send(
          text == null
              ? frame(type, conversationId)
              : noteFrame(conversationId, UUID.randomUUID().toString(), text));
      Frame refused = second.next("error");
      assertThat(refused.string("code")).as(type).isEqualTo("not_found");
    }
  }

  private static void assertNoNote(List<Frame> frames, String note) {
    assertThat(frames).isNotEmpty();
    assertThat(frames)
        .allSatisfy(
            f -> {
              assertThat(f.type()).isNotEqualTo("note");
              assertThat(f.toString()).doesNotContain(note);
            });
  }

  private static String frame(String type, String conversationId) {
    return "{\"type\":\"" + type + "\",\"conversationId\":\"" + conversationId + "\"}";
  }

  private static String noteFrame(String conversationId, String clientMsgId, String text) {
    return Json.createObjectBuilder()
        .add("type", "note")
        .add("conversationId", conversationId)
        .add("clientMsgId", clientMsgId)
        .add("text", text)
        .build()
        .toString();
  }

  private static String agentSend(String conversationId, String text) {
    return Json.createObjectBuilder()
        .add("type", "send")
        .add("conversationId", conversationId)
        .add("clientMsgId", UUID.randomUUID().toString())
        .add("text", text)
        .build()
        .toString();
  }

  private List<String> shortcuts(String who) {
    HttpResponse<String> response = call(who, "GET", "canned-replies", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return array(response.body()).getValuesAs(JsonObject.class).stream()
        .map(r -> r.getString("shortcut"))
        .toList();
  }

  /** A call to {@code /api/v1/path} as one of this test's accounts, or as {@code admin}. */
  private HttpResponse<String> call(String who, String method, String path, String json) {
    return request(
        who.equals("admin") ? "admin" : who + "-" + suffix, method, "api/v1/" + path, json);
  }

  private HttpResponse<String> request(String user, String method, String path, String json) {
    if (!path.startsWith("api/")) {
      path = "api/v1/" + path;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve(path))
            .header(
                "Authorization", user.equals("admin") ? Kefu.basic() : Kefu.basic(user, PASSWORD));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return kefu.send(request);
  }

  private static JsonObject object(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  private static JsonArray array(String text) {
    JsonValue value = Json.createReader(new StringReader(text)).readValue();
    return value.asJsonArray();
  }
}
