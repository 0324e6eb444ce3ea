package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.it.Kefu.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Erasing a visitor's data at their request ({@code DELETE /api/v1/visitors/{id}}): admins only,
 * another tenant's visitor answers as one that does not exist; everything of the visitor goes in
 * one step (conversations, messages, files with their bytes, page trail, left messages, blocks),
 * their open chat ends on both sides, their sockets close with {@code erased}, their old token
 * makes a new visitor, and the audit log records counts only.
 */
@ExtendWith(KefuServer.class)
class ErasureIT {

  private static final String PASSWORD = "erase-secret-" + UUID.randomUUID();

  /** A real PNG of 1×1 pixel. */
  private static final byte[] PNG = FilesIT.PNG;

  Kefu kefu;
  final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void everythingOfTheVisitorGoesTheirChatEndsOnBothSidesAndOnlyCountsAreAudited()
      throws IOException {
    String from = URLEncoder.encode(Instant.now().minusSeconds(60).toString(), UTF8);
    String secretWords = "my passport number is " + run;
    String leftWords = "please erase me later " + run;
    Set<String> filesBefore = storedFiles();
    try (Socket agent = kefu.agent("online");
        Visitor visitor = kefu.visitor()) {
      String visitorId = visitor.welcome().string("visitorId");
      visitor.socket().send(Kefu.send(secretWords));
      String conversationId = visitor.socket().next("ack").string("conversationId");
      agent.next(f -> "conversation".equals(f.type()) && conversationId.equals(id(f)));
      agent.next("msg");
      JsonObject photo = json(upload(visitor.token()));
      visitor.socket().send(fileFrame(photo.getString("id")));
      visitor.socket().next("ack");
      agent.next("msg");
      visitor.socket().send(leave(leftWords));
      visitor.socket().next("message_left");
      Set<String> added = new HashSet<>(storedFiles());
      added.removeAll(filesBefore);
      assertThat(added).as("the photo's bytes on disk").hasSize(1);

      // Who may not: an agent, a supervisor, another tenant's admin (as for no such visitor).
      String agentName = "erase-agent-" + run;
      String supervisorName = "erase-supervisor-" + run;
      String otherAdmin = "erase-other-" + run;
      account(agentName, "kf-agent");
      account(supervisorName, "kf-agent,kf-supervisor");
      kefu.fixture("tenants", Map.of("username", otherAdmin, "password", PASSWORD));
      assertThat(erase(visitorId, Kefu.basic(agentName, PASSWORD)).statusCode()).isEqualTo(403);
      assertThat(erase(visitorId, Kefu.basic(supervisorName, PASSWORD)).statusCode())
          .isEqualTo(403);
      HttpResponse<String> foreign = erase(visitorId, Kefu.basic(otherAdmin, PASSWORD));
      HttpResponse<String> none = erase("v-nosuchvisitor", Kefu.basic(otherAdmin, PASSWORD));
      assertThat(foreign.statusCode()).isEqualTo(404);
      assertThat(foreign.body()).isEqualTo(none.body());
      assertThat(erase(null, null).statusCode()).isEqualTo(401);

      HttpResponse<String> erased = erase(visitorId, Kefu.basic());
      assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
      JsonObject counts = json(erased.body());
      assertThat(counts.getString("visitorId")).isEqualTo(visitorId);
      assertThat(counts.getInt("conversations")).isEqualTo(1);
      assertThat(counts.getInt("messages")).isEqualTo(2);
      assertThat(counts.getInt("files")).isEqualTo(1);
      assertThat(counts.getInt("leftMessages")).isEqualTo(1);
      assertThat(counts.getInt("pageViews")).isPositive();

      // The open chat ends on both sides, and the visitor's socket closes with the reason.
      Frame toVisitor = visitor.socket().next("closed");
      assertThat(toVisitor.string("by")).isEqualTo("erased");
      assertThat(visitor.socket().closeCode()).isEqualTo(1008);
      assertThat(visitor.socket().closeReason()).isEqualTo("erased");
      Frame toAgent =
          agent.next(
              f -> "closed".equals(f.type()) && conversationId.equals(f.string("conversationId")));
      assertThat(toAgent.string("by")).isEqualTo("erased");

      // Nothing of it can be read any more, and the bytes are gone from disk.
      assertThat(status("api/v1/history/conversations/" + conversationId)).isEqualTo(404);
      assertThat(status("api/v1/files/" + photo.getString("id"))).isEqualTo(404);
      assertThat(kefu.get("api/v1/history/conversations?visitor=" + visitorId))
          .contains("\"total\":0");
      assertThat(kefu.get("api/v1/inbox/offline-messages")).doesNotContain(leftWords);
      assertThat(storedFiles()).doesNotContainAnyElementsOf(added);
      String dump = DatabaseDump.of(kefu);
      assertThat(dump)
          .as("a dump of the database (the audit log names the visitor's id only)")
          .doesNotContain(secretWords)
          .doesNotContain(leftWords)
          .doesNotContain("passport.png");
      assertThat(erase(visitorId, Kefu.basic()).statusCode()).as("erased already").isEqualTo(404);

      // The visitor's old token names nobody now: the page comes back as a new visitor.
      try (Socket again = kefu.visitorSocket()) {
        again.send(
            "{\"type\":\"hello\",\"protocol\":1,\"visitorToken\":\"" + visitor.token() + "\"}");
        Frame welcome = again.next("welcome");
        assertThat(welcome.string("visitorId")).isNotEqualTo(visitorId);
        assertThat(welcome.toString()).doesNotContain(conversationId);
      }

      AuditRows audit = AuditRows.parse(kefu.get("api/v1/audit?from=" + from));
      var rows =
          audit.where(
              r ->
                  r.get("action").equals("visitor.erased")
                      && r.get("detail").contains("\"files\":1"));
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).toString())
          .contains(visitorId)
          .doesNotContain(secretWords)
          .doesNotContain(leftWords);
    }
  }

  @Test
  void aVisitorWithNothingButAPageViewIsErasedToo() {
    String visitorId;
    try (Visitor visitor = kefu.visitor()) {
      visitorId = visitor.welcome().string("visitorId");
    }
    HttpResponse<String> erased = erase(visitorId, Kefu.basic());
    assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
    JsonObject counts = json(erased.body());
    assertThat(counts.getInt("conversations")).isZero();
    assertThat(counts.getInt("messages")).isZero();
    assertThat(counts.getInt("pageViews")).isEqualTo(1);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private HttpResponse<String> erase(String visitorId, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                kefu.base.resolve("api/v1/visitors/" + (visitorId == null ? "v-x" : visitorId)))
            .DELETE();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return kefu.send(request);
  }

  private int status(String path) {
    return kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve(path))
                .header("Authorization", Kefu.basic())
                .GET())
        .statusCode();
  }

  private String upload(String token) {
    HttpResponse<String> response =
        kefu.send(
            HttpRequest.newBuilder(
                    kefu.base.resolve("api/v1/files?site=" + kefu.siteKey() + "&name=passport.png"))
                .header(FilesIT.VISITOR, token)
                .header("Origin", kefu.origin)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.body();
  }

  private void account(String username, String roles) {
    kefu.fixture(
        "accounts",
        Map.of("username", username, "password", PASSWORD, "roles", roles, "department", "demo"));
  }

  private static String fileFrame(String fileId) {
    return Json.createObjectBuilder()
        .add("type", "send")
        .add("clientMsgId", UUID.randomUUID().toString())
        .add("fileId", fileId)
        .build()
        .toString();
  }

  private static String leave(String text) {
    return Json.createObjectBuilder()
        .add("type", "leave_message")
        .add("clientMsgId", UUID.randomUUID().toString())
        .add("name", "Erin Erasable")
        .add("contact", "erin@example.com")
        .add("text", text)
        .build()
        .toString();
  }

  private static String id(Frame frame) {
    return frame.object("conversation").getString("id");
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** The names of the files Kefu keeps on disk. */
  private static Set<String> storedFiles() throws IOException {
    Path folder = Path.of(System.getProperty("kf.it.tmp", "target"), "it-data", "files");
    if (!Files.isDirectory(folder)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
