package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The routing engine through the real sockets and the admin API: custom statuses, skills, the
 * round-robin strategy, each kind of routing rule, queue positions and their estimates, the offer
 * timeout and business hours. Each test makes a department and a site of its own, so that the
 * agents and queues of other tests stay out of its way.
 */
@ExtendWith(KefuServer.class)
class RoutingIT {

  private static final String PASSWORD = "routing-" + UUID.randomUUID();

  Kefu kefu;
  HttpClient admin;
  final String suffix = Long.toString(System.nanoTime(), 36);

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void aCustomStatusCountsAsAvailableOnlyWhenTheTenantDefinedItSo() {
    Place place = place("custom");
    String agentId = account(place, "status");
    String phone =
        object(call("POST", "agent-statuses", status("Phone " + suffix, false), 201))
            .getString("id");
    String chat =
        object(call("POST", "agent-statuses", status("Chat " + suffix, true), 201)).getString("id");
    try (Socket agent =
        Socket.open(kefu.agentUri(kefu.ticket(name("status"), PASSWORD)), kefu.origin)) {
      agent.send("{\"type\":\"hello\",\"protocol\":1}");
      Frame welcome = agent.next("welcome");
      assertThat(welcome.json().getJsonArray("statuses").getValuesAs(JsonObject.class))
          .extracting(s -> s.getString("id"))
          .contains(phone, chat);

      agent.send("{\"type\":\"status\",\"value\":\"custom\",\"statusId\":\"" + phone + "\"}");
      Frame inPhone = agent.next("status");
      assertThat(inPhone.string("value")).isEqualTo("custom");
      assertThat(inPhone.string("statusId")).isEqualTo(phone);
      assertThat(inPhone.json().getBoolean("available")).isFalse();
      try (Kefu.Visitor visitor = visitor(place, "https://shop.example/", "en")) {
        assertThat(visitor.welcome().json().getBoolean("online")).isFalse();
      }

      agent.send("{\"type\":\"status\",\"value\":\"custom\",\"statusId\":\"" + chat + "\"}");
      assertThat(agent.next("status").string("statusId")).isEqualTo(chat);
      try (Kefu.Visitor visitor = visitor(place, "https://shop.example/", "en")) {
        assertThat(visitor.welcome().json().getBoolean("online")).isTrue();
        String conversationId = open(visitor, null);
        assertThat(agent.next("conversation").object("conversation").getString("id"))
            .isEqualTo(conversationId);
        visitor.end(conversationId);
      }
      JsonObject listed =
          array(call("GET", "agents", null, 200)).getValuesAs(JsonObject.class).stream()
              .filter(a -> a.getString("id").equals(agentId))
              .findFirst()
              .orElseThrow();
      assertThat(listed.getString("status")).isEqualTo("custom");
      assertThat(listed.getString("statusId")).isEqualTo(chat);

      agent.send("{\"type\":\"status\",\"value\":\"custom\",\"statusId\":\"st-nothing\"}");
      assertThat(agent.next("error").string("code")).isEqualTo("not_found");
    }
    call("DELETE", "agent-statuses/" + phone, null, 204);
    call("DELETE", "agent-statuses/" + chat, null, 204);
  }

  @Test
  void aConversationThatNeedsASkillGoesOnlyToAnAgentWithItAndBlocksNobodyBehindIt() {
    Place place = place("skills");
    String skilled = account(place, "skilled");
    String plain = account(place, "plain");
    call("PUT", "agents/" + skilled + "/routing", "{\"capacity\":1,\"skills\":[\"Billing\"]}", 200);
    call("PUT", "agents/" + plain + "/routing", "{\"capacity\":5,\"skills\":[]}", 200);
    rules(
        place,
        "[{\"kind\":\"url\",\"pattern\":\"*/billing*\",\"departmentId\":\""
            + place.department
            + "\",\"requiredSkill\":\"billing\"}]");
    try (Socket skilledAgent = online("skilled");
        Kefu.Visitor first = visitor(place, "https://shop.example/billing/invoice", "en");
        Kefu.Visitor second = visitor(place, "https://shop.example/billing", "en");
        Kefu.Visitor third = visitor(place, "https://shop.example/shoes", "en")) {
      String firstId = open(first, null);
      assertThat(first.socket().next("assigned").object("agent").getString("name"))
          .isEqualTo(name("skilled"));
      skilledAgent.next("conversation");

      String secondId = open(second, null);
      assertThat(second.socket().next("queue").number("position")).isEqualTo(1);
      open(third, null);
      assertThat(third.socket().next("queue").number("position")).isEqualTo(2);

      try (Socket plainAgent = online("plain")) {
        assertThat(third.socket().next("assigned").object("agent").getString("name"))
            .as("the oldest conversation the free agent fits goes first, past one it does not fit")
            .isEqualTo(name("plain"));
        assertThat(plainAgent.next("conversation").object("conversation").getString("id"))
            .isNotEqualTo(secondId);
        assertThat(second.socket().untilPong())
            .as("the plain agent has room but not the skill")
            .noneMatch(f -> f.type().equals("assigned"));

        first.end(firstId);
        assertThat(second.socket().next("assigned").object("agent").getString("name"))
            .isEqualTo(name("skilled"));
        assertThat(skilledAgent.next("conversation").object("conversation").getString("id"))
            .isEqualTo(secondId);
        second.end(secondId);
      }
    }
  }

  @Test
  void roundRobinGivesTheNextConversationToWhoseTurnItIsNotToTheLeastBusy() {
    Place place = place("rr");
    account(place, "rr-a");
    account(place, "rr-b");
    department(place, "{\"name\":\"Round robin " + suffix + "\",\"strategy\":\"round_robin\"}");
    try (Socket a = online("rr-a");
        Socket b = online("rr-b");
        Kefu.Visitor one = visitor(place, "https://shop.example/", "en");
        Kefu.Visitor two = visitor(place, "https://shop.example/", "en");
        Kefu.Visitor three = visitor(place, "https://shop.example/", "en")) {
      String oneId = open(one, null);
      String firstAgent = one.socket().next("assigned").object("agent").getString("name");
      String twoId = open(two, null);
      String secondAgent = two.socket().next("assigned").object("agent").getString("name");
      assertThat(secondAgent).isNotEqualTo(firstAgent);
      // The second agent is free again, so least-busy would pick them; round robin does not.
      two.end(twoId);
      String threeId = open(three, null);
      assertThat(three.socket().next("assigned").object("agent").getString("name"))
          .isEqualTo(firstAgent);
      one.end(oneId);
      three.end(threeId);
    }
  }

  @Test
  void eachKindOfRuleChoosesTheDepartmentInItsOrder() {
    Place place = place("rules");
    Place byUrl = place("by-url");
    Place byLanguage = place("by-lang");
    Place byChoice = place("by-choice");
    account(place, "default");
    account(byUrl, "url");
    account(byLanguage, "lang");
    account(byChoice, "choice");
    rules(
        place,
        "[{\"kind\":\"url\",\"pattern\":\"https://shop.example/pricing*\",\"departmentId\":\""
            + byUrl.department
            + "\"},{\"kind\":\"language\",\"pattern\":\"ja\",\"departmentId\":\""
            + byLanguage.department
            + "\"}]");
    assertThat(array(call("GET", "sites/" + place.siteId + "/routing-rules", null, 200)))
        .hasSize(2);
    try (Socket d = online("default");
        Socket u = online("url");
        Socket l = online("lang");
        Socket c = online("choice")) {
      assertThat(routedTo(place, "https://shop.example/pricing/pro", "ja", null))
          .as("the first matching rule wins")
          .isEqualTo(name("url"));
      assertThat(routedTo(place, "https://shop.example/", "ja-JP", null)).isEqualTo(name("lang"));
      assertThat(routedTo(place, "https://shop.example/", "en", null)).isEqualTo(name("default"));
      assertThat(routedTo(place, "https://shop.example/pricing", "ja", byChoice.department))
          .as("the pre-chat choice comes before every rule")
          .isEqualTo(name("choice"));
      assertThat(routedTo(place, "https://shop.example/", "en", "d-nothing"))
          .as("a department that is not the tenant's is ignored")
          .isEqualTo(name("default"));
    }
  }

  @Test
  void queuedVisitorsSeeTheirPositionFallWithItsEstimate() {
    Place place = place("queue");
    String agentId = account(place, "queue");
    call("PUT", "agents/" + agentId + "/routing", "{\"capacity\":1,\"skills\":[]}", 200);
    try (Socket agent = online("queue");
        Kefu.Visitor served = visitor(place, "https://shop.example/", "en");
        Kefu.Visitor one = visitor(place, "https://shop.example/", "en");
        Kefu.Visitor two = visitor(place, "https://shop.example/", "en");
        Kefu.Visitor three = visitor(place, "https://shop.example/", "en")) {
      String servedId = open(served, null);
      served.socket().next("assigned");
      String oneId = open(one, null);
      open(two, null);
      open(three, null);
      Frame third = queueAt(three, 3);
      Frame second = queueAt(two, 2);
      assertThat(third.number("estimatedWaitSeconds"))
          .isGreaterThan(second.number("estimatedWaitSeconds"))
          .isPositive();

      one.end(oneId);
      Frame secondNow = queueAt(two, 1);
      Frame thirdNow = queueAt(three, 2);
      assertThat(thirdNow.number("estimatedWaitSeconds"))
          .isLessThan(third.number("estimatedWaitSeconds"));
      assertThat(secondNow.number("estimatedWaitSeconds")).isPositive();

      agent.next("conversation");
      agent.send("{\"type\":\"close\",\"conversationId\":\"" + servedId + "\"}");
      two.socket().next("assigned");
      queueAt(three, 1);
    }
  }

  /**
   * A crowd whose first messages arrive at once: their conversations are opened and routed in
   * groups (one transaction for those arriving together, routing reading the department once for
   * the group), which must still fill each agent's places exactly, queue everyone else once in
   * places 1, 2, 3 … without a gap or a place given twice, and answer a first message sent twice at
   * once with the one conversation it opened.
   */
  @Test
  void aCrowdArrivingAtOnceFillsEveryPlaceOnceAndQueuesTheRestInLine() throws Exception {
    Place place = place("crowd");
    for (String who : List.of("crowd-a", "crowd-b")) {
      call(
          "PUT",
          "agents/" + account(place, who) + "/routing",
          "{\"capacity\":2,\"skills\":[]}",
          200);
    }
    int crowd = 12;
    List<Kefu.Visitor> visitors = new ArrayList<>();
    try (Socket a = online("crowd-a");
        Socket b = online("crowd-b")) {
      for (int n = 0; n < crowd; n++) {
        visitors.add(visitor(place, "https://shop.example/", "en"));
      }
      String twice = UUID.randomUUID().toString();
      AtOnce.run(
          crowd,
          n -> {
            Socket socket = visitors.get(n).socket();
            if (n == 0) {
              socket.send(Kefu.sendFrame(twice, "Hello from 0"));
              socket.send(Kefu.sendFrame(twice, "Hello from 0"));
            } else {
              socket.send(Kefu.send("Hello from " + n));
            }
          });
      Set<String> conversations = new HashSet<>();
      int assigned = 0;
      List<Long> places = new ArrayList<>();
      for (int n = 0; n < crowd; n++) {
        Socket socket = visitors.get(n).socket();
        // Its acknowledgement (two of the same for the message sent twice) and its placing, which
        // may come between the two.
        List<Frame> acks = new ArrayList<>();
        Frame placed = null;
        while (acks.size() < (n == 0 ? 2 : 1) || placed == null) {
          Frame frame =
              socket.next(f -> Set.of("ack", "error", "assigned", "queue").contains(f.type()));
          if (frame.type().equals("assigned") || frame.type().equals("queue")) {
            assertThat(placed).as("visitor %d placed twice: %s", n, frame).isNull();
            placed = frame;
          } else {
            assertThat(frame.type()).as("visitor %d: %s", n, frame).isEqualTo("ack");
            assertThat(frame.number("seq")).as("visitor %d", n).isEqualTo(1);
            acks.add(frame);
          }
        }
        String conversation = acks.get(0).string("conversationId");
        assertThat(conversations.add(conversation)).as("visitor %d", n).isTrue();
        assertThat(acks).extracting(f -> f.string("conversationId")).containsOnly(conversation);
        assertThat(placed.string("conversationId")).isEqualTo(conversation);
        if (placed.type().equals("assigned")) {
          assigned++;
        } else {
          places.add(placed.number("position"));
        }
      }
      assertThat(assigned).as("the agents' places").isEqualTo(4);
      assertThat(places)
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.LongStream.rangeClosed(1, crowd - 4).boxed().toList());
      for (Socket agent : List.of(a, b)) {
        agent.next("conversation");
        agent.next("conversation");
        assertThat(agent.untilPong()).extracting(Frame::type).doesNotContain("conversation");
      }
    } finally {
      visitors.forEach(Kefu.Visitor::close);
    }
  }

  @Test
  void anOfferNobodyAnswersGoesToTheNextAgentAndNotBackAgain() {
    Place place = place("offer");
    account(place, "offer-a");
    account(place, "offer-b");
    department(place, "{\"name\":\"Offers " + suffix + "\",\"offerSeconds\":1}");
    try (Socket a = online("offer-a");
        Socket b = online("offer-b");
        Kefu.Visitor visitor = visitor(place, "https://shop.example/", "en")) {
      String conversationId = open(visitor, null);
      String first = visitor.socket().next("assigned").object("agent").getString("name");
      Socket firstAgent = first.equals(name("offer-a")) ? a : b;
      Socket nextAgent = firstAgent == a ? b : a;
      firstAgent.next("conversation");
      Frame handedOn = firstAgent.next("closed");
      assertThat(handedOn.string("conversationId")).isEqualTo(conversationId);
      // Told apart from a transfer: why it went (the department's timeout), and to whom.
      assertThat(handedOn.string("by")).isEqualTo("transfer");
      assertThat(handedOn.string("reason")).isEqualTo("offer_timeout");
      assertThat(handedOn.json().getInt("offerSeconds")).isEqualTo(1);
      assertThat(handedOn.object("to").getString("name"))
          .isEqualTo(name(firstAgent == a ? "offer-b" : "offer-a"));
      assertThat(nextAgent.next("conversation").object("conversation").getString("id"))
          .isEqualTo(conversationId);
      assertThat(visitor.socket().next("assigned").object("agent").getString("name"))
          .isNotEqualTo(first);
      // The next agent does not answer either, but the first one let it time out already.
      assertThat(nextAgent.drain(Duration.ofSeconds(7))).noneMatch(f -> f.type().equals("closed"));
      visitor.end(conversationId);
    }
  }

  @Test
  void outsideBusinessHoursOrOnAHolidayTheDepartmentIsNotOnline() {
    Place place = place("hours");
    account(place, "hours");
    String zone = "Pacific/Kiritimati";
    LocalDate today = LocalDate.now(ZoneId.of(zone));
    String otherDay =
        today.plusDays(3).getDayOfWeek().name().substring(0, 3).toLowerCase(java.util.Locale.ROOT);
    try (Socket agent = online("hours")) {
      assertThat(onlineFor(place)).isTrue();

      department(
          place,
          "{\"name\":\"Hours "
              + suffix
              + "\",\"timeZone\":\""
              + zone
              + "\",\"holidays\":[\""
              + today
              + "\"]}");
      assertThat(onlineFor(place)).as("on a holiday").isFalse();
      assertThat(
              object(call("GET", "departments/" + place.department, null, 200))
                  .getBoolean("online"))
          .isFalse();

      department(
          place,
          "{\"name\":\"Hours "
              + suffix
              + "\",\"timeZone\":\""
              + zone
              + "\",\"hours\":{\""
              + otherDay
              + "\":[\"00:00-24:00\"]}}");
      assertThat(onlineFor(place)).as("on a day without hours").isFalse();

      department(place, "{\"name\":\"Hours " + suffix + "\",\"timeZone\":\"" + zone + "\"}");
      assertThat(onlineFor(place)).isTrue();
    }
  }

  @Test
  void departmentsAreCreatedChangedGivenMembersAndRemovedByAnAdmin() {
    JsonObject created =
        object(
            call(
                "POST",
                "departments",
                "{\"name\":\"Made "
                    + suffix
                    + "\",\"strategy\":\"round_robin\",\"offerSeconds\":30,"
                    + "\"timeZone\":\"Asia/Shanghai\",\"hours\":{\"mon\":[\"09:00-18:00\"]},"
                    + "\"holidays\":[\"2026-10-01\"]}",
                201));
    String id = created.getString("id");
    assertThat(created.getString("strategy")).isEqualTo("round_robin");
    assertThat(created.getJsonObject("hours").getJsonArray("mon").getString(0))
        .isEqualTo("09:00-18:00");
    Place place = place("members");
    String agentId = account(place, "member");
    JsonObject withMember =
        object(
            call(
                "PUT",
                "departments/" + id + "/members",
                "{\"agentIds\":[\"" + agentId + "\"]}",
                200));
    assertThat(withMember.getJsonArray("members").getString(0)).isEqualTo(agentId);
    assertThat(call("PUT", "departments/" + id, "{\"name\":\"x\",\"strategy\":\"random\"}", 400))
        .contains("strategy");
    assertThat(
            call(
                "PUT",
                "departments/" + id,
                "{\"name\":\"x\",\"hours\":{\"mon\":[\"18:00-09:00\"]}}",
                400))
        .contains("closes after");
    call("DELETE", "departments/" + id, null, 204);
    call("GET", "departments/" + id, null, 404);
    assertThat(call("DELETE", "departments/" + place.department, null, 409)).contains("in use");
  }

  @Test
  void theRuleTestAnswersWithTheRoutersOwnDecision() {
    Place place = place("test");
    Place byUrl = place("test-url");
    Place byLanguage = place("test-lang");
    rules(
        place,
        "[{\"kind\":\"url\",\"pattern\":\"https://shop.example/pricing*\",\"departmentId\":\""
            + byUrl.department
            + "\",\"requiredSkill\":\"sales\"},{\"kind\":\"language\",\"pattern\":\"ja\","
            + "\"departmentId\":\""
            + byLanguage.department
            + "\"}]");
    String test = "sites/" + place.siteId + "/routing-rules/test";
    JsonObject first =
        object(call("GET", test + "?url=https://shop.example/pricing/pro&language=ja", null, 200));
    assertThat(first.getString("departmentId")).isEqualTo(byUrl.department);
    assertThat(first.getInt("position")).as("the first matching rule wins").isEqualTo(1);
    assertThat(first.getString("requiredSkill")).isEqualTo("sales");
    assertThat(first.getJsonObject("rule").getString("kind")).isEqualTo("url");
    JsonObject second =
        object(call("GET", test + "?url=https://shop.example/&language=ja-JP", null, 200));
    assertThat(second.getString("departmentId")).isEqualTo(byLanguage.department);
    assertThat(second.getInt("position")).isEqualTo(2);
    JsonObject none =
        object(call("GET", test + "?url=https://shop.example/&language=en", null, 200));
    assertThat(none.getString("departmentId")).as("the site's default").isEqualTo(place.department);
    assertThat(none.getOrDefault("rule", JsonValue.NULL))
        .as("no rule decided")
        .isEqualTo(JsonValue.NULL);
    assertThat(object(call("GET", test, null, 200)).getString("departmentId"))
        .as("no page and no language: no rule can match")
        .isEqualTo(place.department);
    call("GET", "sites/s-nothing/routing-rules/test?url=https://shop.example/", null, 404);
  }

  @Test
  void aPatternThatCouldNeverMatchIsRefusedAndNothingIsSaved() {
    Place place = place("bad-pattern");
    rules(
        place,
        "[{\"kind\":\"language\",\"pattern\":\"ja\",\"departmentId\":\""
            + place.department
            + "\"}]");
    for (String rule :
        new String[] {
          "{\"kind\":\"url\",\"pattern\":\"/pricing*\",\"departmentId\":\"%s\"}",
          "{\"kind\":\"url\",\"pattern\":\"https://shop.example/a b\",\"departmentId\":\"%s\"}",
          "{\"kind\":\"language\",\"pattern\":\"https://shop.example/*\",\"departmentId\":\"%s\"}"
        }) {
      String refused =
          call(
              "PUT",
              "sites/" + place.siteId + "/routing-rules",
              "{\"rules\":[" + rule.formatted(place.department) + "]}",
              400);
      assertThat(refused).contains("pattern_invalid");
    }
    assertThat(array(call("GET", "sites/" + place.siteId + "/routing-rules", null, 200)))
        .singleElement()
        .satisfies(r -> assertThat(r.asJsonObject().getString("pattern")).isEqualTo("ja"));
  }

  @Test
  void departmentNamesAreUniqueInATenantInAnyLetterCase() {
    String name = "Unique " + suffix;
    String id =
        object(call("POST", "departments", "{\"name\":\"" + name + "\"}", 201)).getString("id");
    assertThat(call("POST", "departments", "{\"name\":\"" + name.toUpperCase() + "\"}", 409))
        .contains("name exists");
    String other =
        object(call("POST", "departments", "{\"name\":\"Other " + suffix + "\"}", 201))
            .getString("id");
    call("PUT", "departments/" + other, "{\"name\":\" " + name + " \"}", 409);
    call(
        "PUT",
        "departments/" + id,
        "{\"name\":\"" + name + "\",\"strategy\":\"round_robin\"}",
        200);
    call("DELETE", "departments/" + other, null, 204);
    call("DELETE", "departments/" + id, null, 204);
  }

  @Test
  void aDepartmentARuleSendsToIsKeptUntilTheRuleIsGone() {
    Place place = place("in-use");
    String spare =
        object(call("POST", "departments", "{\"name\":\"Spare " + suffix + "\"}", 201))
            .getString("id");
    rules(place, "[{\"kind\":\"language\",\"pattern\":\"ja\",\"departmentId\":\"" + spare + "\"}]");
    assertThat(call("DELETE", "departments/" + spare, null, 409)).contains("in use");
    call("GET", "departments/" + spare, null, 200);
    rules(place, "[]");
    call("DELETE", "departments/" + spare, null, 204);
  }

  // ---- helpers

  /** A department of the test's own and a site whose default it is. */
  record Place(String department, String siteKey, String siteId) {}

  private Place place(String what) {
    String[] made = kefu.fixture("departments", Map.of("origins", kefu.origin)).split("\n");
    String siteId =
        array(call("GET", "sites", null, 200)).getValuesAs(JsonObject.class).stream()
            .filter(s -> s.getString("siteKey").equals(made[1]))
            .findFirst()
            .orElseThrow()
            .getString("id");
    // The site offers its department in its pre-chat form, so that welcome.departments lists it.
    call(
        "PUT",
        "sites/" + siteId + "/widget",
        "{\"prechat\":{\"enabled\":true,\"fields\":[{\"type\":\"name\",\"required\":false}],"
            + "\"departmentIds\":[\""
            + made[0]
            + "\"]}}",
        200);
    return new Place(made[0], made[1], siteId);
  }

  private String name(String who) {
    return who + "-" + suffix;
  }

  private String account(Place place, String who) {
    return kefu.fixture(
        "accounts",
        Map.of(
            "username",
            name(who),
            "password",
            PASSWORD,
            "roles",
            "kf-agent",
            "department",
            place.department));
  }

  private Socket online(String who) {
    Socket socket = Socket.open(kefu.agentUri(kefu.ticket(name(who), PASSWORD)), kefu.origin);
    socket.send("{\"type\":\"hello\",\"protocol\":1}");
    socket.next("welcome");
    socket.send("{\"type\":\"status\",\"value\":\"online\"}");
    socket.next("status");
    return socket;
  }

  private Kefu.Visitor visitor(Place place, String url, String locale) {
    Socket socket = Socket.open(kefu.visitorUri(place.siteKey), kefu.origin);
    socket.send(
        "{\"type\":\"hello\",\"protocol\":1,\"locale\":\""
            + locale
            + "\",\"page\":{\"url\":\""
            + url
            + "\",\"title\":\"Shop\"}}");
    return new Kefu.Visitor(socket, socket.next("welcome"));
  }

  /** Opens a conversation with a first message; answers its id. */
  private static String open(Kefu.Visitor visitor, String prechatDepartment) {
    var frame =
        Json.createObjectBuilder()
            .add("type", "send")
            .add("clientMsgId", UUID.randomUUID().toString())
            .add("text", "Hello");
    if (prechatDepartment != null) {
      frame.add("prechat", Json.createObjectBuilder().add("departmentId", prechatDepartment));
    }
    visitor.socket().send(frame.build().toString());
    return visitor.socket().next("ack").string("conversationId");
  }

  /** The name of the agent a new visitor's conversation goes to. */
  private String routedTo(Place place, String url, String locale, String prechat) {
    try (Kefu.Visitor visitor = visitor(place, url, locale)) {
      String id = open(visitor, prechat);
      String agent = visitor.socket().next("assigned").object("agent").getString("name");
      visitor.end(id);
      return agent;
    }
  }

  private boolean onlineFor(Place place) {
    try (Kefu.Visitor visitor = visitor(place, "https://shop.example/", "en")) {
      JsonObject welcome = visitor.welcome().json();
      boolean listed =
          welcome.getJsonArray("departments").getValuesAs(JsonObject.class).stream()
              .filter(d -> d.getString("id").equals(place.department))
              .findFirst()
              .orElseThrow()
              .getBoolean("online");
      assertThat(listed)
          .as("the department's entry in welcome.departments")
          .isEqualTo(welcome.getBoolean("online"));
      return welcome.getBoolean("online");
    }
  }

  private static Frame queueAt(Kefu.Visitor visitor, long position) {
    return visitor.socket().next(f -> f.type().equals("queue") && f.number("position") == position);
  }

  private void department(Place place, String json) {
    call("PUT", "departments/" + place.department, json, 200);
  }

  private void rules(Place place, String rules) {
    call("PUT", "sites/" + place.siteId + "/routing-rules", "{\"rules\":" + rules + "}", 200);
  }

  private static String status(String name, boolean available) {
    return Json.createObjectBuilder()
        .add("name", name)
        .add("available", available)
        .build()
        .toString();
  }

  /**
   * Calls the API as the first admin, in one signed-in session (a password check per call would
   * make the test crawl); answers the body after checking the status.
   */
  private String call(String method, String path, String json, int expected) {
    if (admin == null) {
      admin =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .cookieHandler(new CookieManager())
              .build();
      send(
          HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"username\":\"admin\",\"password\":\"" + Kefu.ADMIN_PASSWORD + "\"}")),
          200);
    }
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
    return send(request, expected);
  }

  private String send(HttpRequest.Builder request, int expected) {
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

  private static JsonObject object(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  private static JsonArray array(String json) {
    return Json.createReader(new StringReader(json)).readArray();
  }
}
