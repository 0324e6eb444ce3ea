package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kefu.it.Kefu.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks against a receiver of the test's own: a chat's events (started, messages both ways,
 * closed, rated) and a left message each reach it once, signed with the webhook's secret, in the
 * order they happened; while the receiver is down nothing is lost, and after its outage every
 * delivery arrives once, in order. Only admins manage webhooks; another tenant's answers as none.
 * The server retries after 1 s, then 2 s ({@code kf.webhooks.*} in kf-it/pom.xml).
 */
@ExtendWith(KefuServer.class)
class WebhooksIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String PASSWORD = "hooks-secret-" + UUID.randomUUID();

  Kefu kefu;
  Receiver receiver;
  String webhookId;
  final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void start(URL deployment) throws IOException {
    kefu = new Kefu(deployment);
    receiver = Receiver.start(0);
  }

  @AfterEach
  void stop() {
    if (webhookId != null) {
      call("DELETE", "webhooks/" + webhookId, null, Kefu.basic());
    }
    receiver.stop();
  }

  @Test
  void everyEventOfAChatReachesTheReceiverOnceSignedInOrderAlsoAfterItsOutage() throws Exception {
    JsonObject made =
        json(
            ok(
                call(
                    "POST",
                    "webhooks",
                    "{\"url\":\""
                        + receiver.url()
                        + "\",\"description\":\"CRM "
                        + run
                        + "\",\"events\":[\"conversation.started\",\"message.created\","
                        + "\"conversation.closed\",\"conversation.rated\",\"message.left\"]}",
                    Kefu.basic()),
                201));
    webhookId = made.getString("id");
    String secret = made.getString("secret");
    assertThat(secret).startsWith("whsec_");
    assertThat(json(ok(call("GET", "webhooks/" + webhookId, null, Kefu.basic()), 200)))
        .as("the secret is shown when made, not later")
        .doesNotContainKey("secret");

    String conversationId;
    try (Socket agent = kefu.agent("online");
        Visitor visitor = kefu.visitor()) {
      visitor.socket().send(Kefu.send("Where is my parcel " + run + "?"));
      conversationId = visitor.socket().next("ack").string("conversationId");
      agent.next(f -> "msg".equals(f.type()) && conversationId.equals(f.string("conversationId")));
      agent.send(
          "{\"type\":\"send\",\"conversationId\":\""
              + conversationId
              + "\",\"clientMsgId\":\"a-"
              + UUID.randomUUID()
              + "\",\"text\":\"On its way.\"}");
      agent.next("ack");
      visitor.socket().next("msg");

      // The receiver goes away: what happens meanwhile waits, and is retried.
      receiver.stop();
      for (int i = 1; i <= 3; i++) {
        visitor.socket().send(Kefu.send("While you were away " + i));
        visitor.socket().next("ack");
      }
      awaitPendingRetried(conversationId);
      receiver.restart();

      visitor.end(conversationId);
      visitor
          .socket()
          .send(
              "{\"type\":\"rate\",\"conversationId\":\""
                  + conversationId
                  + "\",\"score\":4,\"comment\":\"Quick "
                  + run
                  + "\"}");
      visitor.socket().next("rated");
      visitor
          .socket()
          .send(
              Json.createObjectBuilder()
                  .add("type", "leave_message")
                  .add("clientMsgId", UUID.randomUUID().toString())
                  .add("name", "Hook Tester")
                  .add("contact", "hooks@example.com")
                  .add("text", "Left for the hooks " + run)
                  .build()
                  .toString());
      visitor.socket().next("message_left");
    }

    List<Received> ours = awaitEvents(conversationId, 9);
    assertThat(ours.stream().map(Received::type).toList())
        .as("each event once, in the order it happened")
        .containsExactly(
            "conversation.started",
            "message.created",
            "message.created",
            "message.created",
            "message.created",
            "message.created",
            "conversation.closed",
            "conversation.rated",
            "message.left");
    assertThat(
            ours.stream()
                .filter(r -> r.type().equals("message.created"))
                .map(r -> r.data().getJsonObject("message").getInt("seq"))
                .toList())
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(ours.stream().map(Received::delivery).collect(Collectors.toSet())).hasSize(9);
    for (Received r : ours) {
      assertThat(r.signatureValid(secret)).as("signed: " + r.type()).isTrue();
      assertThat(r.signatureValid("whsec_wrong")).isFalse();
      assertThat(r.body().getString("id")).isEqualTo(r.delivery());
    }
    JsonObject rated = ours.get(7).data();
    assertThat(rated.getInt("score")).isEqualTo(4);
    assertThat(rated.getString("comment")).isEqualTo("Quick " + run);
    assertThat(ours.get(6).data().getString("by")).isEqualTo("visitor");
    assertThat(ours.get(8).data().getJsonObject("message").getString("text"))
        .isEqualTo("Left for the hooks " + run);

    // The log shows them delivered, those of the outage after more than one attempt.
    JsonObject log =
        json(
            ok(
                call("GET", "webhooks/" + webhookId + "/deliveries?max=50", null, Kefu.basic()),
                200));
    List<JsonObject> rows = log.getJsonArray("deliveries").getValuesAs(JsonObject.class);
    assertThat(rows).allMatch(d -> d.getString("status").equals("delivered"));
    assertThat(rows).anyMatch(d -> d.getInt("attempts") > 1 && d.containsKey("lastStatus"));
    JsonObject one =
        json(
            ok(
                call(
                    "GET",
                    "webhooks/" + webhookId + "/deliveries/" + rows.get(0).getString("id"),
                    null,
                    Kefu.basic()),
                200));
    assertThat(one.getString("payload")).contains(rows.get(0).getString("id"));

    // A ping, on request; then, switched off, nothing more is sent.
    JsonObject ping =
        json(ok(call("POST", "webhooks/" + webhookId + "/ping", null, Kefu.basic()), 202));
    awaitReceived(r -> r.delivery().equals(ping.getString("id")) && r.type().equals("ping"));
    call(
        "PUT",
        "webhooks/" + webhookId,
        "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message.created\"],\"enabled\":false}",
        Kefu.basic());
    int before = receiver.accepted().size();
    try (Visitor visitor = kefu.visitor()) {
      visitor.socket().send(Kefu.send("Nobody hears this " + run));
      String unheard = visitor.socket().next("ack").string("conversationId");
      Thread.sleep(3_000);
      assertThat(receiver.accepted()).hasSize(before);
      // Not left waiting in the shared server's queue for the next test's agent.
      visitor.end(unheard);
    }
  }

  @Test
  void onlyAdminsOfTheTenantManageWebhooksAndBadInputIsRefusedAtItsField() {
    String agentName = "hooks-agent-" + run;
    String otherAdmin = "hooks-other-" + run;
    kefu.fixture(
        "accounts",
        Map.of("username", agentName, "password", PASSWORD, "roles", "kf-agent,kf-supervisor"));
    kefu.fixture("tenants", Map.of("username", otherAdmin, "password", PASSWORD));
    JsonObject made =
        json(
            ok(
                call(
                    "POST",
                    "webhooks",
                    "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message.created\"]}",
                    Kefu.basic()),
                201));
    webhookId = made.getString("id");

    assertThat(call("GET", "webhooks", null, Kefu.basic(agentName, PASSWORD)).statusCode())
        .isEqualTo(403);
    assertThat(call("GET", "webhooks", null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> foreign =
        call("GET", "webhooks/" + webhookId, null, Kefu.basic(otherAdmin, PASSWORD));
    HttpResponse<String> none =
        call("GET", "webhooks/wh-nosuchone", null, Kefu.basic(otherAdmin, PASSWORD));
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).isEqualTo(none.body());
    assertThat(ok(call("GET", "webhooks", null, Kefu.basic(otherAdmin, PASSWORD)), 200).strip())
        .isEqualTo("[]");

    refused(
        "{\"url\":\"ftp://example.com/\",\"events\":[\"message.created\"]}", "url_invalid", "url");
    refused("{\"url\":\"https://example.com/\",\"events\":[]}", "events_invalid", "events");
    refused("{\"url\":\"https://example.com/\",\"events\":[\"ping\"]}", "events_invalid", "events");
    refused(
        "{\"url\":\"https://example.com/\",\"events\":[\"message.deleted\"]}",
        "events_invalid",
        "events");

    JsonObject renewed =
        json(ok(call("POST", "webhooks/" + webhookId + "/secret", null, Kefu.basic()), 200));
    assertThat(renewed.getString("secret"))
        .startsWith("whsec_")
        .isNotEqualTo(made.getString("secret"));
    AuditRows audit =
        AuditRows.parse(
            kefu.get("api/v1/audit?from=" + Instant.now().minusSeconds(120).toString()));
    assertThat(audit.where(r -> r.get("action").startsWith("webhook.")))
        .extracting(r -> r.get("action"))
        .contains("webhook.create", "webhook.secret_renewed");
    assertThat(audit.where(r -> r.get("detail").contains("whsec_"))).as("never a secret").isEmpty();
  }

  private void refused(String body, String code, String field) {
    HttpResponse<String> response = call("POST", "webhooks", body, Kefu.basic());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonObject error = json(response.body());
    assertThat(error.getString("error")).isEqualTo(code);
    assertThat(error.getString("field")).isEqualTo(field);
  }

  /** Waits until the log holds pending deliveries of the chat that were tried more than once. */
  private void awaitPendingRetried(String conversationId) throws InterruptedException {
    Instant until = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(until)) {
      JsonArray log =
          json(ok(call("GET", "webhooks/" + webhookId + "/deliveries", null, Kefu.basic()), 200))
              .getJsonArray("deliveries");
      long retried =
          log.getValuesAs(JsonObject.class).stream()
              .filter(d -> d.getString("status").equals("pending") && d.getInt("attempts") >= 2)
              .count();
      if (retried >= 1) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no delivery was retried while the receiver was away");
  }

  /**
   * The events of the conversation (and the message left) as a receiver takes them: each delivery
   * once by its {@code Kefu-Delivery}, as docs/webhooks.md tells receivers to. A delivery whose
   * answer was lost (the receiver stopped while answering it) comes again, the same.
   */
  private List<Received> awaitEvents(String conversationId, int count) throws Exception {
    Predicate<Received> about =
        r ->
            r.body().toString().contains(conversationId)
                || r.body().toString().contains("Left for the hooks " + run);
    Instant until = Instant.now().plus(PATIENCE);
    List<Received> ours = List.of();
    while (Instant.now().isBefore(until)) {
      ours = takenOnce(receiver.accepted().stream().filter(about).toList());
      if (ours.size() >= count) {
        Thread.sleep(2_500); // anything sent beyond these would come now
        return takenOnce(receiver.accepted().stream().filter(about).toList());
      }
      Thread.sleep(200);
    }
    throw new AssertionError("expected " + count + " events, got " + types(ours));
  }

  private static List<Received> takenOnce(List<Received> received) {
    Map<String, Received> first = new java.util.LinkedHashMap<>();
    for (Received r : received) {
      Received before = first.putIfAbsent(r.delivery(), r);
      if (before != null) {
        assertThat(r.raw()).as("delivery %s sent again", r.delivery()).isEqualTo(before.raw());
      }
    }
    return List.copyOf(first.values());
  }

  private void awaitReceived(Predicate<Received> wanted) throws InterruptedException {
    Instant until = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(until)) {
      if (receiver.accepted().stream().anyMatch(wanted)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not received: " + types(receiver.accepted()));
  }

  private static List<String> types(List<Received> received) {
    return received.stream().map(Received::type).toList();
  }

  private HttpResponse<String> call(String method, String path, String body, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/" + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return kefu.send(request);
  }

  private static String ok(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response.body();
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** One request the receiver took (it answered 200). */
  record Received(Map<String, String> headers, String raw) {
    JsonObject body() {
      return Json.createReader(new StringReader(raw)).readObject();
    }

    String type() {
      return body().getString("type");
    }

    JsonObject data() {
      return body().getJsonObject("data");
    }

    String delivery() {
      return headers.get("kefu-delivery");
    }

    /** Checks {@code Kefu-Signature} as a receiver would: the HMAC of "t.body" under the secret. */
    boolean signatureValid(String secret) throws Exception {
      Map<String, String> parts =
          java.util.Arrays.stream(headers.get("kefu-signature").split(","))
              .map(p -> p.split("=", 2))
              .collect(Collectors.toMap(p -> p[0], p -> p[1]));
      long t = Long.parseLong(parts.get("t"));
      if (Math.abs(Instant.now().getEpochSecond() - t) > 300) {
        return false;
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((t + "." + raw).getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts.get("v1")));
    }
  }

  /**
   * An HTTP receiver on loopback that takes every POST to /hook and keeps it; stopped, nothing
   * listens on its port (connections are refused) until it is started again there.
   */
  static final class Receiver {
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int port;

    static Receiver start(int port) throws IOException {
      Receiver receiver = new Receiver();
      receiver.listen(port);
      return receiver;
    }

    void restart() throws IOException {
      listen(port);
    }

    private void listen(int on) throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", on), 0);
      server.createContext(
          "/hook",
          exchange -> {
            String raw =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers =
                exchange.getRequestHeaders().entrySet().stream()
                    .collect(
                        Collectors.toMap(
                            e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                            e -> e.getValue().get(0)));
            accepted.add(new Received(headers, raw));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
      this.server = server;
      this.port = server.getAddress().getPort();
    }

    int port() {
      return port;
    }

    String url() {
      return "http://127.0.0.1:" + port() + "/hook";
    }

    List<Received> accepted() {
      return new ArrayList<>(accepted);
    }

    void stop() {
      server.stop(0);
    }
  }
}
