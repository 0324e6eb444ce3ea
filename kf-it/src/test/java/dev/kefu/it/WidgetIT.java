package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the widget offers beyond chatting, through the real sockets and REST API: the site's widget
 * settings, the pre-chat form, leaving a message while nobody is there and its answer by e-mail (to
 * a real SMTP peer), missed conversations and their announcement, the rating and the transcript.
 */
@ExtendWith(KefuServer.class)
class WidgetIT {

  private static final String PASSWORD = "widget-secret-" + UUID.randomUUID();

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void widgetSettingsReachTheWidgetAndInvalidOnesAreRefused() {
    Place place = place();
    HttpResponse<String> saved = putWidget(place, settings(place, true), Kefu.basic());
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    assertThat(
            json(saved.body()).getJsonObject("widget").getJsonObject("colors").getString("primary"))
        .isEqualTo("#112233");

    try (Socket visitor = visitor(place, "en")) {
      Frame welcome = visitor.next("welcome");
      assertThat(welcome.string("greeting")).isEqualTo("Hi there");
      JsonObject widget = welcome.object("settings");
      assertThat(widget.getString("title")).isEqualTo("Shop help");
      assertThat(widget.getString("offlineText")).isEqualTo("Leave us a note");
      assertThat(widget.getJsonObject("colors").getString("text")).isEqualTo("#ffffff");
      JsonObject prechat = widget.getJsonObject("prechat");
      assertThat(prechat.getBoolean("enabled")).isTrue();
      assertThat(prechat.containsKey("departmentIds")).isFalse();
      assertThat(prechat.getJsonArray("departments").getJsonObject(0).getString("id"))
          .isEqualTo(place.departmentId);
      assertThat(prechat.getJsonArray("departments").getJsonObject(0).getString("name"))
          .isEqualTo("IT department");
      assertThat(prechat.getJsonArray("fields")).hasSize(4);
      JsonObject proactive = widget.getJsonObject("proactive");
      assertThat(proactive.getInt("afterSeconds")).isEqualTo(5);
      assertThat(proactive.getJsonArray("pages").getString(0)).isEqualTo("/pricing*");
    }

    String red = settings(place, true).replace("#112233", "red");
    assertRefused(putWidget(place, red, Kefu.basic()), 400, "colour_invalid");
    String unlabelled = settings(place, true).replace("\"Order number\"", "\"\"");
    assertRefused(putWidget(place, unlabelled, Kefu.basic()), 400, "prechat_invalid");
    String foreign = settings(place, true).replace(place.departmentId, "d-nosuchdepartment");
    assertRefused(putWidget(place, foreign, Kefu.basic()), 400, "department_unknown");
    String silentGreeting =
        settings(place, true).replace("\"text\":\"Need help?\"", "\"text\":\"\"");
    assertRefused(putWidget(place, silentGreeting, Kefu.basic()), 400, "proactive_text_missing");
    assertRefused(putWidget(place, "not json", Kefu.basic()), 400, "bad_request");
    account("w-agent-" + place.suffix, "kf-agent", place.departmentId);
    assertRefused(
        putWidget(place, settings(place, true), Kefu.basic("w-agent-" + place.suffix, PASSWORD)),
        403,
        "forbidden");
    assertThat(siteJson(place).getJsonObject("widget").getJsonObject("colors").getString("primary"))
        .as("nothing of a refused change is kept")
        .isEqualTo("#112233");
  }

  @Test
  void preChatFieldsAreStoredAndShownToTheAgentAndInTheVisitorsTranscript() {
    Place place = place();
    assertThat(putWidget(place, settings(place, true), Kefu.basic()).statusCode()).isEqualTo(200);
    String agent = "w-pre-" + place.suffix;
    account(agent, "kf-agent", place.departmentId);
    try (Socket console = agentSocket(agent, "online");
        Socket visitor = visitor(place, "en")) {
      String token = visitor.next("welcome").string("visitorToken");
      String incomplete = UUID.randomUUID().toString();
      visitor.send(
          send(incomplete, "Where is my order?", place.departmentId, Map.of("name", "Li Lei")));
      Frame refused = visitor.next("error");
      assertThat(refused.string("code")).isEqualTo("bad_request");
      assertThat(refused.string("ref")).isEqualTo(incomplete);

      visitor.send(
          send(
              UUID.randomUUID().toString(),
              "Where is my order?",
              place.departmentId,
              Map.of(
                  "name", "Li Lei",
                  "email", "li@example.com",
                  "phone", "+86 10 1234 5678",
                  "order", "A-1001",
                  "unasked", "dropped")));
      String conversationId = visitor.next("ack").string("conversationId");
      JsonObject conversation = console.next("conversation").object("conversation");
      assertThat(conversation.getString("id")).isEqualTo(conversationId);
      assertThat(conversation.getJsonObject("visitor").getString("name")).isEqualTo("Li Lei");
      assertThat(conversation.getJsonObject("visitor").getString("email"))
          .isEqualTo("li@example.com");
      JsonObject prechat = conversation.getJsonObject("prechat");
      assertThat(prechat.getString("order")).isEqualTo("A-1001");
      assertThat(prechat.getString("phone")).isEqualTo("+86 10 1234 5678");
      assertThat(prechat.keySet()).doesNotContain("name", "email", "unasked");
      // The same answers in the form's order, each with the form's type and label.
      assertThat(conversation.getJsonArray("prechatFields").getValuesAs(JsonObject.class))
          .extracting(
              f -> f.getString("key"),
              f -> f.getString("type"),
              f -> f.getString("label"),
              f -> f.getString("value"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("phone", "phone", "", "+86 10 1234 5678"),
              org.assertj.core.groups.Tuple.tuple("order", "text", "Order number", "A-1001"));
      assertThat(conversation.getJsonNumber("visitorReadSeq").longValue()).isZero();

      // The visitor's own download lists the same answers at its head, labelled as the form
      // labels them; a built-in field's label in the visitor's language.
      String url = "/api/v1/visitor/conversations/" + conversationId + "/transcript";
      String english = transcript(place, url, token, "en", kefu.origin).body();
      assertThat(english)
          .contains(
              "\n\nBefore the chat you told us:\n"
                  + "  Phone: +86 10 1234 5678\n"
                  + "  Order number: A-1001\n\n")
          .doesNotContain("unasked", "dropped");
      assertThat(english.indexOf("Order number: A-1001"))
          .isLessThan(english.indexOf("] Me: Where is my order?"));
      assertThat(transcript(place, url, token, "zh-CN", kefu.origin).body())
          .contains("聊天前填写的信息：\n  电话：+86 10 1234 5678\n  Order number：A-1001\n");
    }
  }

  /**
   * What visitors tell about themselves (name, e-mail address, phone, pre-chat answers, the name
   * and contact of a left message) is nowhere in a dump of the database in clear, while staff read
   * it back as it was typed. The message texts, which are not encrypted, are the dump's positive
   * control. The values are ASCII so that H2's script, which escapes other characters, shows them
   * as typed if they were stored in clear.
   */
  @Test
  void visitorsPersonalDataIsStoredEncryptedAndReadBackInClear() {
    Place place = place();
    assertThat(putWidget(place, settings(place, true), Kefu.basic()).statusCode()).isEqualTo(200);
    String agent = "w-enc-" + place.suffix;
    account(agent, "kf-agent", place.departmentId);
    String name = "Ada Secretname " + place.suffix;
    String email = "ada." + place.suffix + "@private.example";
    String phone = "+86 10 5555 " + Math.abs(place.suffix.hashCode() % 10000);
    String order = "ORDER-" + place.suffix;
    String text = "Where is my parcel " + place.suffix;
    String conversationId;
    try (Socket console = agentSocket(agent, "online");
        Socket visitor = visitor(place, "en")) {
      visitor.next("welcome");
      visitor.send(
          send(
              UUID.randomUUID().toString(),
              text,
              place.departmentId,
              Map.of("name", name, "email", email, "phone", phone, "order", order)));
      conversationId = visitor.next("ack").string("conversationId");
      JsonObject conversation = console.next("conversation").object("conversation");
      assertThat(conversation.getJsonObject("visitor").getString("name")).isEqualTo(name);
      assertThat(conversation.getJsonObject("visitor").getString("email")).isEqualTo(email);
      assertThat(conversation.getJsonObject("prechat").getString("phone")).isEqualTo(phone);
      assertThat(conversation.getJsonObject("prechat").getString("order")).isEqualTo(order);
    }
    assertThat(kefu.get("api/v1/conversations/" + conversationId + "/messages"))
        .as("the visitor's message as the admin reads it, with its sender's name")
        .contains(text)
        .contains(name);

    Place empty = place();
    String leftName = "Bo Hiddenname " + empty.suffix;
    String leftContact = "bo." + empty.suffix + "@private.example";
    String leftText = "Call me back " + empty.suffix;
    String messageId;
    try (Socket visitor = visitor(empty, "en")) {
      visitor.next("welcome");
      visitor.send(leave(UUID.randomUUID().toString(), leftName, leftContact, leftText));
      messageId = visitor.next("message_left").string("id");
    }
    JsonObject left =
        byId(json(kefu.get("api/v1/inbox/offline-messages")).getJsonArray("messages"), messageId);
    assertThat(left.getString("name")).isEqualTo(leftName);
    assertThat(left.getString("contact")).isEqualTo(leftContact);

    String dump = DatabaseDump.of(kefu);
    assertThat(dump).as("the dump holds the rows").contains(text).contains(leftText);
    assertThat(dump)
        .as("personal data in a dump of the database")
        .contains("kf1:")
        .doesNotContain(name, email, phone, order, leftName, leftContact)
        .doesNotContain(place.suffix + "@private", "Secretname", "Hiddenname");
  }

  @Test
  void aLeftMessageIsStoredOnceListedForItsDepartmentAndAnsweredByMail() {
    Place place = place();
    String member = "w-inbox-" + place.suffix;
    String outsider = "w-outside-" + place.suffix;
    account(member, "kf-agent", place.departmentId);
    account(outsider, "kf-agent", "");
    String messageId;
    String phoneMessageId;
    try (Socket visitor = visitor(place, "en")) {
      Frame welcome = visitor.next("welcome");
      assertThat(welcome.json().getBoolean("online"))
          .as("nobody of the department is here")
          .isFalse();
      String clientMsgId = UUID.randomUUID().toString();
      String leave = leave(clientMsgId, "Wang Fang", "wang@example.com", "Please call me back.");
      visitor.send(leave);
      Frame left = visitor.next("message_left");
      assertThat(left.string("clientMsgId")).isEqualTo(clientMsgId);
      messageId = left.string("id");
      visitor.send(leave);
      assertThat(visitor.next("message_left").string("id"))
          .as("the same form sent again is stored once")
          .isEqualTo(messageId);
      String noContact = UUID.randomUUID().toString();
      visitor.send(leave(noContact, "Wang Fang", " ", "Hello?"));
      Frame refused = visitor.next("error");
      assertThat(refused.string("code")).isEqualTo("bad_request");
      assertThat(refused.string("ref")).isEqualTo(noContact);
      visitor.send(leave(UUID.randomUUID().toString(), "Zhao", "+86 21 5555 0000", "Call me"));
      phoneMessageId = visitor.next("message_left").string("id");
      // The answer would go to the contact: anything but one address or one number is refused,
      // named as the contact's fault so that the widget shows it beside that field.
      for (String hostile :
          List.of(
              "victim@corp.example,x@evil.example",
              "victim@corp.example;x@evil.example",
              "undisclosed:victim@corp.example,x@evil.example;",
              "Victim <x@evil.example>",
              "victim@corp.example\nBcc: x@evil.example",
              "victim@corp.example\r\nBcc: x@evil.example",
              "victim@corp.example\r\n")) {
        String ref = UUID.randomUUID().toString();
        visitor.send(leave(ref, "Mallory", hostile, "Answer me"));
        Frame refusedContact = visitor.next("error");
        assertThat(refusedContact.string("code")).as(hostile).isEqualTo("bad_request");
        assertThat(refusedContact.string("ref")).as(hostile).isEqualTo(ref);
        assertThat(refusedContact.string("field")).as(hostile).isEqualTo("contact");
        assertThat(refusedContact.string("message")).as(hostile).contains("\"contact\"");
      }
    }

    JsonObject inbox = json(get("api/v1/inbox/offline-messages", member, 200));
    assertThat(inbox.getBoolean("mailEnabled")).isTrue();
    JsonObject listed = byId(inbox.getJsonArray("messages"), messageId);
    assertThat(listed.getString("name")).isEqualTo("Wang Fang");
    assertThat(listed.getString("contact")).isEqualTo("wang@example.com");
    assertThat(listed.getString("text")).isEqualTo("Please call me back.");
    assertThat(listed.getString("departmentId")).isEqualTo(place.departmentId);
    assertThat(listed.isNull("answer")).isTrue();
    assertThat(
            inbox.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("name")))
        .as("no refused contact was stored")
        .doesNotContain("Mallory");
    assertThat(
            ids(json(get("api/v1/inbox/offline-messages", outsider, 200)).getJsonArray("messages")))
        .as("another department's agent")
        .doesNotContain(messageId);
    assertThat(ids(json(kefu.get("api/v1/inbox/offline-messages")).getJsonArray("messages")))
        .as("the admin sees the whole tenant's")
        .contains(messageId);

    assertThat(answer(outsider, messageId, "Not mine").statusCode()).isEqualTo(404);
    try (SmtpSink sink = SmtpSink.onConfiguredPort()) {
      HttpResponse<String> answered = answer(member, messageId, "Your parcel ships tomorrow.");
      assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
      assertThat(json(answered.body()).getJsonObject("answer").getString("text"))
          .isEqualTo("Your parcel ships tomorrow.");
      SmtpSink.Mail mail = sink.next();
      assertThat(mail.to()).containsExactly("<wang@example.com>");
      assertThat(mail.from()).isEqualTo("<kefu@it.example>");
      assertThat(mail.data())
          .doesNotContain("Cc:")
          .contains("To: wang@example.com\n")
          .contains("Subject: Re: your message to IT site of a department")
          .contains("Your parcel ships tomorrow.");

      HttpResponse<String> again = answer(member, messageId, "Twice?");
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(json(again.body()).getString("error")).isEqualTo("conflict");
      HttpResponse<String> byPhone = answer(member, phoneMessageId, "We will call.");
      assertThat(byPhone.statusCode()).isEqualTo(400);
      assertThat(json(byPhone.body()).getString("error")).isEqualTo("no_email");
      assertThat(sink.nothingReceived()).as("refused answers send no mail").isTrue();
    }
    assertThat(
            ids(json(get("api/v1/inbox/offline-messages", member, 200)).getJsonArray("messages")))
        .as("answered messages leave the open list")
        .doesNotContain(messageId)
        .contains(phoneMessageId);
    JsonObject answered =
        byId(
            json(get("api/v1/inbox/offline-messages?answered=true", member, 200))
                .getJsonArray("messages"),
            messageId);
    assertThat(answered.getJsonObject("answer").getString("by")).isEqualTo(member);
  }

  @Test
  void aLeftMessageIsMarkedHandledWithWhoAndWhenAndReopenedByItsDepartmentOnly() {
    Place place = place();
    String member = "w-handled-" + place.suffix;
    String outsider = "w-handled-out-" + place.suffix;
    account(member, "kf-agent", place.departmentId);
    account(outsider, "kf-agent", "");
    String messageId;
    try (Socket visitor = visitor(place, "en")) {
      visitor.next("welcome");
      visitor.send(leave(UUID.randomUUID().toString(), "Zhao", "+86 21 5555 0000", "Call me"));
      messageId = visitor.next("message_left").string("id");
    }
    assertThat(handled("POST", outsider, messageId).statusCode())
        .as("another department's agent finds nothing")
        .isEqualTo(404);

    HttpResponse<String> marked = handled("POST", member, messageId);
    assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
    JsonObject mark = json(marked.body()).getJsonObject("handled");
    assertThat(mark.getString("by")).isEqualTo(member);
    assertThat(java.time.Instant.parse(mark.getString("at")))
        .isBeforeOrEqualTo(java.time.Instant.now());
    assertThat(json(marked.body()).isNull("answer")).isTrue();
    assertThat(
            ids(json(get("api/v1/inbox/offline-messages", member, 200)).getJsonArray("messages")))
        .as("a handled message leaves the open list")
        .doesNotContain(messageId);
    JsonObject listed =
        byId(
            json(get("api/v1/inbox/offline-messages?answered=true", member, 200))
                .getJsonArray("messages"),
            messageId);
    assertThat(listed.getJsonObject("handled").getString("by")).isEqualTo(member);
    assertThat(listed.getJsonObject("handled").getString("at")).isEqualTo(mark.getString("at"));

    HttpResponse<String> reopened = handled("DELETE", member, messageId);
    assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
    assertThat(json(reopened.body()).isNull("handled")).isTrue();
    assertThat(
            byId(
                    json(get("api/v1/inbox/offline-messages", member, 200))
                        .getJsonArray("messages"),
                    messageId)
                .isNull("handled"))
        .as("back in the open list")
        .isTrue();
  }

  private HttpResponse<String> handled(String method, String username, String messageId) {
    return kefu.send(
        HttpRequest.newBuilder(
                kefu.base.resolve("api/v1/inbox/offline-messages/" + messageId + "/handled"))
            .header("Authorization", Kefu.basic(username, PASSWORD))
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void aMissedConversationIsListedAndAnnouncedToTheDepartmentsSupervisors() {
    Place place = place();
    String supervisor = "w-super-" + place.suffix;
    String member = "w-member-" + place.suffix;
    String outsider = "w-away-" + place.suffix;
    account(supervisor, "kf-agent,kf-supervisor", place.departmentId);
    account(member, "kf-agent", place.departmentId);
    account(outsider, "kf-agent,kf-supervisor", "");
    try (Socket watching = agentSocket(supervisor, "away");
        Socket colleague = agentSocket(member, "away");
        Socket elsewhere = agentSocket(outsider, "away");
        Socket visitor = visitor(place, "en")) {
      visitor.next("welcome");
      visitor.send(Kefu.send("Anyone there?"));
      String conversationId = visitor.next("ack").string("conversationId");
      visitor.send("{\"type\":\"close\",\"conversationId\":\"" + conversationId + "\"}");
      visitor.next("closed");

      Frame missed = watching.next("missed");
      JsonObject conversation = missed.object("conversation");
      assertThat(conversation.getString("id")).isEqualTo(conversationId);
      assertThat(conversation.getString("state")).isEqualTo("missed");
      assertThat(conversation.getString("departmentId")).isEqualTo(place.departmentId);
      assertThat(conversation.getString("closedAt")).isNotBlank();
      assertThat(colleague.untilPong())
          .as("an agent who supervises nothing is not told")
          .noneMatch(f -> f.type().equals("missed"));
      assertThat(elsewhere.untilPong())
          .as("a supervisor of another department is not told")
          .noneMatch(f -> f.type().equals("missed"));

      visitor.send("{\"type\":\"rate\",\"conversationId\":\"" + conversationId + "\",\"score\":4}");
      assertThat(visitor.next("error").string("code"))
          .as("a missed conversation had nobody to rate")
          .isEqualTo("bad_request");

      assertThat(ids(jsonOf(get("api/v1/inbox/missed", supervisor, 200)).asJsonArray()))
          .contains(conversationId);
      assertThat(
              ids(
                  jsonOf(get("api/v1/inbox/missed?departmentId=" + place.departmentId, member, 200))
                      .asJsonArray()))
          .contains(conversationId);
      assertThat(ids(jsonOf(get("api/v1/inbox/missed", outsider, 200)).asJsonArray()))
          .doesNotContain(conversationId);
    }
  }

  @Test
  void theVisitorRatesTheirOwnClosedConversation() {
    Place place = place();
    String agent = "w-rate-" + place.suffix;
    account(agent, "kf-agent", place.departmentId);
    try (Socket console = agentSocket(agent, "online");
        Socket visitor = visitor(place, "en");
        Socket stranger = visitor(place, "en")) {
      visitor.next("welcome");
      stranger.next("welcome");
      visitor.send(Kefu.send("hello"));
      String conversationId = visitor.next("ack").string("conversationId");
      console.next("conversation");
      console.send(
          "{\"type\":\"send\",\"conversationId\":\""
              + conversationId
              + "\",\"clientMsgId\":\""
              + UUID.randomUUID()
              + "\",\"text\":\"Hi, how can I help?\"}");
      console.next("ack");
      visitor.next("msg");

      String rate5 =
          "{\"type\":\"rate\",\"conversationId\":\""
              + conversationId
              + "\",\"score\":5,\"comment\":\"Great help\"}";
      visitor.send(rate5);
      assertThat(visitor.next("error").string("code"))
          .as("rated while still open")
          .isEqualTo("bad_request");

      console.send("{\"type\":\"close\",\"conversationId\":\"" + conversationId + "\"}");
      visitor.next("closed");
      console.next("closed");

      visitor.send("{\"type\":\"rate\",\"conversationId\":\"" + conversationId + "\",\"score\":6}");
      assertThat(visitor.next("error").string("code")).isEqualTo("bad_request");
      stranger.send(rate5);
      assertThat(stranger.next("error").string("code"))
          .as("another visitor's conversation")
          .isEqualTo("not_found");

      visitor.send(rate5);
      Frame rated = visitor.next("rated");
      assertThat(rated.number("score")).isEqualTo(5);
      assertThat(rated.string("comment")).isEqualTo("Great help");
      Frame told = console.next("rated");
      assertThat(told.string("conversationId")).isEqualTo(conversationId);
      assertThat(told.number("score")).isEqualTo(5);
      visitor.send("{\"type\":\"rate\",\"conversationId\":\"" + conversationId + "\",\"score\":4}");
      assertThat(visitor.next("rated").number("score"))
          .as("a later rating replaces the earlier")
          .isEqualTo(4);
      assertThat(console.next("rated").string("comment")).isNull();
    }
  }

  @Test
  void theTranscriptHoldsEveryMessageInOrderInTheVisitorsLanguageAndNoNote() {
    Place place = place();
    String agent = "w-tr-" + place.suffix;
    account(agent, "kf-agent", place.departmentId);
    try (Socket console = agentSocket(agent, "online");
        Socket visitor = visitor(place, "en")) {
      String token = visitor.next("welcome").string("visitorToken");
      visitor.send(Kefu.send("hello"));
      String conversationId = visitor.next("ack").string("conversationId");
      console.next("conversation");
      console.send(agentFrame("send", conversationId, "Hi, how can I help?"));
      console.next("ack");
      visitor.next("msg");
      console.send(agentFrame("note", conversationId, "VIP, staff only"));
      console.next("note");
      visitor.send(Kefu.send("line one\nline two"));
      visitor.next("ack");

      visitor.send(
          "{\"type\":\"transcript\",\"conversationId\":\""
              + conversationId
              + "\",\"locale\":\"en\"}");
      Frame frame = visitor.next("transcript");
      assertThat(frame.string("conversationId")).isEqualTo(conversationId);
      assertThat(frame.string("fileName")).isEqualTo("kefu-" + conversationId + ".txt");
      assertThat(frame.string("contentType")).isEqualTo("text/plain; charset=utf-8");
      assertThat(frame.string("url"))
          .isEqualTo("/api/v1/visitor/conversations/" + conversationId + "/transcript");
      assertThat(frame.json()).as("the text comes over HTTP").doesNotContainKey("text");

      HttpResponse<String> english =
          transcript(place, frame.string("url"), token, "en", kefu.origin);
      assertThat(english.statusCode()).as(english.body()).isEqualTo(200);
      assertThat(english.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain")
          .containsIgnoringCase("charset=utf-8");
      assertThat(english.headers().firstValue("Content-Disposition"))
          .contains("attachment; filename=\"" + frame.string("fileName") + "\"");
      assertThat(english.headers().allValues("X-Content-Type-Options")).contains("nosniff");
      assertThat(english.headers().firstValue("Access-Control-Allow-Origin"))
          .as("the widget on the site's page may read it")
          .contains(kefu.origin);
      String text = english.body();
      assertThat(text)
          .startsWith("Chat transcript " + conversationId + "\nStarted ")
          .containsPattern("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\] Me: hello\n")
          .doesNotContain("VIP, staff only");
      assertThat(text.indexOf("] Me: hello"))
          .isLessThan(text.indexOf("] " + agent + ": Hi, how can I help?"));
      assertThat(text.indexOf("] " + agent + ": Hi, how can I help?"))
          .isLessThan(text.indexOf("] Me: line one\n    line two\n"));

      HttpResponse<String> chinese =
          transcript(place, frame.string("url"), token, "zh-CN", kefu.origin);
      assertThat(chinese.statusCode()).isEqualTo(200);
      assertThat(chinese.body())
          .startsWith("聊天记录 " + conversationId)
          .contains("] 我: hello")
          .contains("] " + agent + ": Hi, how can I help?")
          .doesNotContain("VIP, staff only");
    }
  }

  @Test
  void onlyTheVisitorsOwnTranscriptIsServedAndOnlyToTheSitesOrigins() {
    Place place = place();
    try (Socket visitor = visitor(place, "en");
        Socket stranger = visitor(place, "en")) {
      String token = visitor.next("welcome").string("visitorToken");
      String strangerToken = stranger.next("welcome").string("visitorToken");
      visitor.send(Kefu.send("hello"));
      String conversationId = visitor.next("ack").string("conversationId");
      String url = "/api/v1/visitor/conversations/" + conversationId + "/transcript";
      assertThat(transcript(place, url, token, "en", kefu.origin).statusCode()).isEqualTo(200);

      HttpResponse<String> theirs = transcript(place, url, strangerToken, "en", kefu.origin);
      assertRefused(theirs, 404, "not_found");
      HttpResponse<String> none =
          transcript(
              place,
              "/api/v1/visitor/conversations/c-nosuchconversation00000/transcript",
              strangerToken,
              "en",
              kefu.origin);
      assertThat(theirs.body())
          .as("another's conversation answers as one that does not exist")
          .isEqualTo(none.body());
      stranger.send("{\"type\":\"transcript\",\"conversationId\":\"" + conversationId + "\"}");
      assertThat(stranger.next("error").string("code")).isEqualTo("not_found");

      assertRefused(
          transcript(place, url, tampered(token), "en", kefu.origin), 401, "unauthorized");
      assertRefused(transcript(place, url, null, "en", kefu.origin), 401, "unauthorized");
      HttpResponse<String> foreign =
          transcript(place, url, token, "en", "https://elsewhere.example");
      assertRefused(foreign, 403, "forbidden");
      assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

      HttpResponse<String> preflight =
          kefu.send(
              HttpRequest.newBuilder(transcriptUri(place, url, "en"))
                  .header("Origin", kefu.origin)
                  .header("Access-Control-Request-Method", "GET")
                  .header("Access-Control-Request-Headers", "x-kefu-visitor")
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
          .contains(kefu.origin);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
          .contains("X-Kefu-Visitor");
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }
  }

  @Test
  void aTranscriptOf301LongMessagesIsStreamedWhole() throws Exception {
    Place place = place();
    try (Socket visitor = visitor(place, "en")) {
      String token = visitor.next("welcome").string("visitorToken");
      visitor.send(Kefu.send(String.format("%05d ", 0) + "v".repeat(3994)));
      String conversationId = visitor.next("ack").string("conversationId");
      kefu.fixture(
          "conversations/" + conversationId + "/messages",
          Map.of("count", "300", "length", "4000", "fill", "长"));

      HttpResponse<InputStream> response =
          kefu.sendForStream(
              HttpRequest.newBuilder(
                      transcriptUri(
                          place,
                          "/api/v1/visitor/conversations/" + conversationId + "/transcript",
                          "en"))
                  .header("X-Kefu-Visitor", token)
                  .GET());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Length"))
          .as("written as it is read, not measured first")
          .isEmpty();
      int messages = 0;
      long bytes = 0;
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(response.body(), java.nio.charset.StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          bytes += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
          if (!line.startsWith("[")) {
            continue;
          }
          String text = line.substring(line.indexOf(": ") + 2);
          assertThat(text).as("message %d", messages).startsWith(String.format("%05d ", messages));
          assertThat(text).hasSize(4000);
          messages++;
        }
      }
      assertThat(messages).isEqualTo(301);
      assertThat(bytes).as("far more than a frame may carry").isGreaterThan(3_000_000);
    }
  }

  @Test
  void aVisitorDownloadsOneTranscriptAtATime() throws Exception {
    Place place = place();
    try (Socket visitor = visitor(place, "en");
        Socket other = visitor(place, "en")) {
      String token = visitor.next("welcome").string("visitorToken");
      String otherToken = other.next("welcome").string("visitorToken");
      visitor.send(Kefu.send("hello"));
      String conversationId = visitor.next("ack").string("conversationId");
      // Far more than the server and the network buffer for a client that does not read, so the
      // first download is still being written when the second is asked for.
      kefu.fixture(
          "conversations/" + conversationId + "/messages",
          Map.of("count", "2000", "length", "4000", "fill", "长"));
      other.send(Kefu.send("hello"));
      String otherConversation = other.next("ack").string("conversationId");
      String url = "/api/v1/visitor/conversations/" + conversationId + "/transcript";

      try (java.net.Socket stalled = new java.net.Socket()) {
        stalled.setReceiveBufferSize(4096);
        stalled.connect(
            new java.net.InetSocketAddress(kefu.base.getHost(), kefu.base.getPort()), 10_000);
        stalled.setSoTimeout(60_000);
        URI uri = transcriptUri(place, url, "en");
        stalled
            .getOutputStream()
            .write(
                ("GET "
                        + uri.getRawPath()
                        + "?"
                        + uri.getRawQuery()
                        + " HTTP/1.1\r\nHost: "
                        + uri.getAuthority()
                        + "\r\nX-Kefu-Visitor: "
                        + token
                        + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] head = new byte[12];
        new java.io.DataInputStream(stalled.getInputStream()).readFully(head);
        assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("HTTP/1.1 200");

        HttpResponse<String> second = transcript(place, url, token, "en", kefu.origin);
        assertRefused(second, 429, "too_many_requests");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        assertThat(
                transcript(
                        place,
                        "/api/v1/visitor/conversations/" + otherConversation + "/transcript",
                        otherToken,
                        "en",
                        kefu.origin)
                    .statusCode())
            .as("another visitor's download meanwhile")
            .isEqualTo(200);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A department of its own with a site whose conversations go to it. */
  record Place(String departmentId, String siteKey, String siteId, String suffix) {}

  private Place place() {
    String[] made = kefu.fixture("departments", Map.of("origins", kefu.origin)).split("\n");
    String siteId = null;
    for (JsonValue site :
        Json.createReader(new StringReader(kefu.get("api/v1/sites"))).readArray()) {
      if (site.asJsonObject().getString("siteKey").equals(made[1])) {
        siteId = site.asJsonObject().getString("id");
      }
    }
    return new Place(made[0], made[1], siteId, UUID.randomUUID().toString().substring(0, 8));
  }

  private JsonObject siteJson(Place place) {
    for (JsonValue site :
        Json.createReader(new StringReader(kefu.get("api/v1/sites"))).readArray()) {
      if (site.asJsonObject().getString("id").equals(place.siteId)) {
        return site.asJsonObject();
      }
    }
    throw new AssertionError("no site " + place.siteId);
  }

  private static String settings(Place place, boolean prechat) {
    return "{\"greeting\":\"Hi there\",\"title\":\"Shop help\",\"offlineText\":\"Leave us a note\","
        + "\"colors\":{\"primary\":\"#112233\",\"text\":\"#ffffff\"},"
        + "\"prechat\":{\"enabled\":"
        + prechat
        + ",\"fields\":["
        + "{\"type\":\"name\",\"required\":true},"
        + "{\"type\":\"email\",\"required\":false},"
        + "{\"type\":\"phone\",\"required\":false},"
        + "{\"type\":\"text\",\"key\":\"order\",\"label\":\"Order number\",\"required\":true}],"
        + "\"departmentIds\":[\""
        + place.departmentId
        + "\"]},"
        + "\"proactive\":{\"enabled\":true,\"text\":\"Need help?\",\"afterSeconds\":5,"
        + "\"pages\":[\"/pricing*\"]}}";
  }

  private HttpResponse<String> putWidget(Place place, String body, String authorization) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/sites/" + place.siteId + "/widget"))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> answer(String username, String messageId, String text) {
    return kefu.send(
        HttpRequest.newBuilder(
                kefu.base.resolve("api/v1/inbox/offline-messages/" + messageId + "/answer"))
            .header("Authorization", Kefu.basic(username, PASSWORD))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder().add("text", text).build().toString())));
  }

  private String get(String path, String username, int status) {
    HttpResponse<String> response =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve(path))
                .header("Authorization", Kefu.basic(username, PASSWORD))
                .GET());
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
    return response.body();
  }

  private String account(String username, String roles, String department) {
    return kefu.fixture(
        "accounts",
        Map.of(
            "username", username, "password", PASSWORD, "roles", roles, "department", department));
  }

  private Socket visitor(Place place, String locale) {
    Socket socket = Socket.open(kefu.visitorUri(place.siteKey), kefu.origin);
    socket.send(
        "{\"type\":\"hello\",\"protocol\":1,\"locale\":\""
            + locale
            + "\",\"page\":{\"url\":\""
            + kefu.origin
            + "/shop/\",\"title\":\"Shop\"}}");
    return socket;
  }

  private Socket agentSocket(String username, String status) {
    Socket socket = Socket.open(kefu.agentUri(kefu.ticket(username, PASSWORD)), kefu.origin);
    socket.send("{\"type\":\"hello\",\"protocol\":1}");
    socket.next("welcome");
    socket.send("{\"type\":\"status\",\"value\":\"" + status + "\"}");
    socket.next("status");
    return socket;
  }

  private URI transcriptUri(Place place, String url, String locale) {
    return kefu.base.resolve(url.substring(1) + "?site=" + place.siteKey + "&locale=" + locale);
  }

  /** The transcript as the widget fetches it: the visitor's token in its header, from a page. */
  private HttpResponse<String> transcript(
      Place place, String url, String token, String locale, String origin) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(transcriptUri(place, url, locale)).header("Origin", origin).GET();
    if (token != null) {
      request.header("X-Kefu-Visitor", token);
    }
    return kefu.send(request);
  }

  private static String agentFrame(String type, String conversationId, String text) {
    return Json.createObjectBuilder()
        .add("type", type)
        .add("conversationId", conversationId)
        .add("clientMsgId", UUID.randomUUID().toString())
        .add("text", text)
        .build()
        .toString();
  }

  private static String send(
      String clientMsgId, String text, String departmentId, Map<String, String> fields) {
    return Json.createObjectBuilder()
        .add("type", "send")
        .add("clientMsgId", clientMsgId)
        .add("text", text)
        .add(
            "prechat",
            Json.createObjectBuilder()
                .add("departmentId", departmentId)
                .add("fields", Json.createObjectBuilder(Map.copyOf(fields))))
        .build()
        .toString();
  }

  private static String leave(String clientMsgId, String name, String contact, String text) {
    return Json.createObjectBuilder()
        .add("type", "leave_message")
        .add("clientMsgId", clientMsgId)
        .add("name", name)
        .add("contact", contact)
        .add("text", text)
        .build()
        .toString();
  }

  private static void assertRefused(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response.body()).getString("error")).isEqualTo(code);
  }

  private static JsonObject byId(JsonArray list, String id) {
    return list.getValuesAs(JsonObject.class).stream()
        .filter(o -> o.getString("id").equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + list));
  }

  private static List<String> ids(JsonArray list) {
    return list.getValuesAs(JsonObject.class).stream().map(o -> o.getString("id")).toList();
  }

  private static jakarta.json.JsonStructure jsonOf(String text) {
    return Json.createReader(new StringReader(text)).read();
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /**
   * The token with one character in the middle of its signature changed: a change at the very end
   * could fall into the spare bits of the last base64 character and leave the bytes as they were.
   */
  private static String tampered(String token) {
    int at = token.lastIndexOf('.') + (token.length() - token.lastIndexOf('.')) / 2;
    char changed = token.charAt(at) == 'A' ? 'B' : 'A';
    return token.substring(0, at) + changed + token.substring(at + 1);
  }
}
