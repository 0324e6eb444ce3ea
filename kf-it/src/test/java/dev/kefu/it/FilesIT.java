package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.it.Fixtures.TestSite;
import dev.kefu.it.Kefu.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Files and images shared both ways through the real endpoints: uploaded over HTTP, sent as a
 * message, delivered and replayed to both sides, downloaded only by the conversation's
 * participants, and refused when too large or of a refused type without leaving anything on disk.
 * The deployment accepts at most 1 MiB ({@code kf.files.max-bytes} in kf-it/pom.xml).
 */
@ExtendWith(KefuServer.class)
class FilesIT {

  static final int MAX_BYTES = 1024 * 1024;
  static final String PASSWORD = "files-secret-" + UUID.randomUUID();

  /** A real PNG of 1×1 pixel. */
  static final byte[] PNG =
      java.util.Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  static final byte[] PDF =
      ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
              + "endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
          .getBytes(StandardCharsets.US_ASCII);

  Kefu kefu;
  String siteKey;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    siteKey = kefu.siteKey();
  }

  @Test
  void visitorAndAgentShareFilesDeliveredOnceAndReplayedToBothSides() {
    try (Socket agent = kefu.agent("online");
        Visitor visitor = kefu.visitor()) {
      visitor.socket().send(Kefu.send("I have a photo of the damage."));
      String conversationId = visitor.socket().next("ack").string("conversationId");
      agent.next("conversation");
      agent.next("msg");

      JsonObject photo = ok201(visitorUpload(visitor.token(), "damage.png", PNG));
      assertThat(photo.getString("contentType")).isEqualTo("image/png");
      assertThat(photo.getString("name")).isEqualTo("damage.png");
      assertThat(photo.getInt("size")).isEqualTo(PNG.length);
      assertThat(photo.getString("url")).isEqualTo("/api/v1/files/" + photo.getString("id"));

      String clientMsgId = UUID.randomUUID().toString();
      String withFile = fileFrame(null, clientMsgId, photo.getString("id"), null);
      visitor.socket().send(withFile);
      Frame ack = visitor.socket().next("ack");
      assertThat(ack.number("seq")).isEqualTo(2);
      Frame toAgent = agent.next("msg");
      assertThat(toAgent.number("seq")).isEqualTo(2);
      assertThat(toAgent.string("text")).isEmpty();
      assertThat(toAgent.object("file").getString("id")).isEqualTo(photo.getString("id"));
      assertThat(toAgent.object("file").getString("name")).isEqualTo("damage.png");
      assertThat(toAgent.object("file").getString("contentType")).isEqualTo("image/png");
      assertThat(toAgent.object("file").getInt("size")).isEqualTo(PNG.length);
      assertThat(toAgent.object("file").getString("url")).isEqualTo(photo.getString("url"));

      // Sent again after a lost ack: the same ack, no second message.
      visitor.socket().send(withFile);
      Frame again = visitor.socket().next("ack");
      assertThat(again.number("seq")).isEqualTo(2);
      assertThat(again.string("clientMsgId")).isEqualTo(clientMsgId);
      // The same file in a new message is refused: a file is sent once.
      visitor
          .socket()
          .send(fileFrame(null, UUID.randomUUID().toString(), photo.getString("id"), null));
      assertThat(visitor.socket().next("error").string("code")).isEqualTo("bad_request");

      JsonObject invoice = ok201(agentUpload(Kefu.basic(), conversationId, "invoice.pdf", PDF));
      assertThat(invoice.getString("contentType")).isEqualTo("application/pdf");
      agent.send(
          fileFrame(
              conversationId, "a-" + UUID.randomUUID(), invoice.getString("id"), "Your invoice"));
      assertThat(agent.next("ack").number("seq")).isEqualTo(3);
      Frame toVisitor = visitor.socket().next("msg");
      assertThat(toVisitor.number("seq")).isEqualTo(3);
      assertThat(toVisitor.string("text")).isEqualTo("Your invoice");
      assertThat(toVisitor.object("file").getString("name")).isEqualTo("invoice.pdf");
      assertThat(toVisitor.object("file").getString("contentType")).isEqualTo("application/pdf");

      HttpResponse<byte[]> pdf = visitorDownload(visitor.token(), invoice.getString("id"));
      assertThat(pdf.statusCode()).isEqualTo(200);
      assertThat(pdf.body()).isEqualTo(PDF);
      assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
      assertThat(pdf.headers().firstValue("Content-Disposition").orElse(""))
          .startsWith("attachment;")
          .contains("filename=\"invoice.pdf\"");
      assertThat(pdf.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(String.join(";", pdf.headers().allValues("Content-Security-Policy")))
          .contains("sandbox");
      HttpResponse<byte[]> image = staffDownload(Kefu.basic(), photo.getString("id"));
      assertThat(image.statusCode()).isEqualTo(200);
      assertThat(image.body()).isEqualTo(PNG);
      assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
      assertThat(image.headers().firstValue("Content-Disposition").orElse(""))
          .startsWith("inline;");

      // Both sides come back and get every message again, files included.
      try (Socket back = kefu.visitorSocket()) {
        back.send(
            "{\"type\":\"hello\",\"protocol\":1,\"visitorToken\":\""
                + visitor.token()
                + "\",\"resume\":{\"conversationId\":\""
                + conversationId
                + "\",\"lastSeq\":1}}");
        Frame first = back.next("msg");
        Frame second = back.next("msg");
        assertThat(first.number("seq")).isEqualTo(2);
        assertThat(first.object("file").getString("id")).isEqualTo(photo.getString("id"));
        assertThat(second.number("seq")).isEqualTo(3);
        assertThat(second.object("file").getString("id")).isEqualTo(invoice.getString("id"));
        back.next("welcome");
      }
      try (Socket console = Socket.open(kefu.agentUri(kefu.ticket()), kefu.origin)) {
        console.send(
            "{\"type\":\"hello\",\"protocol\":1,\"resume\":[{\"conversationId\":\""
                + conversationId
                + "\",\"lastSeq\":0}]}");
        List<Frame> replayed =
            List.of(console.next("msg"), console.next("msg"), console.next("msg"));
        assertThat(replayed).extracting(f -> f.number("seq")).containsExactly(1L, 2L, 3L);
        assertThat(replayed.get(1).object("file").getString("contentType")).isEqualTo("image/png");
        assertThat(replayed.get(2).object("file").getString("name")).isEqualTo("invoice.pdf");
        console.next("welcome");
      }
      HttpResponse<String> history =
          kefu.send(
              HttpRequest.newBuilder(
                      kefu.base.resolve("api/v1/conversations/" + conversationId + "/messages"))
                  .header("Authorization", Kefu.basic()));
      assertThat(history.body()).contains("\"seq\":2");
      visitor.end(conversationId);
    }
  }

  @Test
  void onlyTheConversationsParticipantsDownloadItsFiles() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String outsider = "files-agent-" + suffix;
    String supervisor = "files-super-" + suffix;
    String otherSupervisor = "files-elsewhere-" + suffix;
    account(outsider, "kf-agent", "demo");
    account(supervisor, "kf-agent,kf-supervisor", "demo");
    account(otherSupervisor, "kf-agent,kf-supervisor", null);
    String otherAdmin = "files-admin-b-" + suffix;
    kefu.fixture("tenants", Map.of("username", otherAdmin, "password", PASSWORD));

    try (Socket agent = kefu.agent("online");
        Visitor visitor = kefu.visitor();
        Visitor stranger = kefu.visitor()) {
      visitor.socket().send(Kefu.send("Here is my receipt."));
      String conversationId = visitor.socket().next("ack").string("conversationId");
      agent.next("conversation");
      String fileId = ok201(visitorUpload(visitor.token(), "receipt.pdf", PDF)).getString("id");
      // Before it is sent, the file is its uploader's alone.
      assertThat(visitorDownload(visitor.token(), fileId).statusCode()).isEqualTo(200);
      assertThat(staffDownload(Kefu.basic(), fileId).statusCode()).isEqualTo(404);
      visitor.socket().send(fileFrame(null, UUID.randomUUID().toString(), fileId, null));
      visitor.socket().next("ack");

      assertThat(visitorDownload(visitor.token(), fileId).statusCode()).isEqualTo(200);
      assertThat(staffDownload(Kefu.basic(), fileId).statusCode())
          .as("assigned agent, admin")
          .isEqualTo(200);
      assertThat(staffDownload(Kefu.basic(supervisor, PASSWORD), fileId).statusCode())
          .as("supervisor of the department")
          .isEqualTo(200);
      assertThat(staffDownload(Kefu.basic(outsider, PASSWORD), fileId).statusCode())
          .as("another agent of the department")
          .isEqualTo(404);
      assertThat(staffDownload(Kefu.basic(otherSupervisor, PASSWORD), fileId).statusCode())
          .as("supervisor of no department of the conversation")
          .isEqualTo(404);
      HttpResponse<byte[]> otherTenant = staffDownload(Kefu.basic(otherAdmin, PASSWORD), fileId);
      HttpResponse<byte[]> none = staffDownload(Kefu.basic(otherAdmin, PASSWORD), "f-nosuchfile");
      assertThat(otherTenant.statusCode()).as("admin of another tenant").isEqualTo(404);
      assertThat(otherTenant.body()).isEqualTo(none.body());
      assertThat(visitorDownload(stranger.token(), fileId).statusCode())
          .as("another visitor")
          .isEqualTo(404);
      assertThat(visitorDownload("forged." + stranger.token(), fileId).statusCode()).isEqualTo(401);
      assertThat(staffDownload(null, fileId).statusCode()).as("nobody").isEqualTo(401);
      // The other agent may not put files into a conversation that is not theirs.
      assertThat(
              agentUpload(Kefu.basic(outsider, PASSWORD), conversationId, "x.pdf", PDF)
                  .statusCode())
          .isEqualTo(404);
      visitor.end(conversationId);
    }
  }

  @Test
  void tooLargeAndRefusedTypesLeaveNothingBehind() throws IOException {
    try (Visitor visitor = kefu.visitor()) {
      List<String> before = storedFiles();
      byte[] big = new byte[MAX_BYTES + 1];
      System.arraycopy(PDF, 0, big, 0, PDF.length);
      HttpResponse<String> announced = visitorUpload(visitor.token(), "big.pdf", big);
      assertThat(announced.statusCode()).isEqualTo(413);
      assertThat(json(announced.body()).getString("error")).isEqualTo("file_too_large");
      // Sent in chunks without a length: refused while streaming, the partial file removed.
      HttpResponse<String> streamed =
          kefu.send(
              visitorRequest("files?site=" + siteKey + "&name=big.pdf", visitor.token())
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(big))));
      assertThat(streamed.statusCode()).isEqualTo(413);

      HttpResponse<String> svg =
          visitorUpload(
              visitor.token(),
              "logo.png",
              "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(svg.statusCode()).isEqualTo(415);
      assertThat(json(svg.body()).getString("error")).isEqualTo("file_type_refused");
      assertThat(
              visitorUpload(
                      visitor.token(),
                      "page.txt",
                      "  <html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8))
                  .statusCode())
          .isEqualTo(415);
      // Markup behind a no-break space or a second byte order mark is markup all the same.
      for (String hidden :
          new String[] {"\u00a0<html><script>alert(1)</script>", "\uFEFF\uFEFF<svg onload=x>"}) {
        assertThat(
                visitorUpload(visitor.token(), "page.txt", hidden.getBytes(StandardCharsets.UTF_8))
                    .statusCode())
            .isEqualTo(415);
      }
      assertThat(
              visitorUpload(
                      visitor.token(), "tool.exe", new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0})
                  .statusCode())
          .isEqualTo(415);
      assertThat(storedFiles()).isEqualTo(before);

      JsonObject text =
          ok201(
              visitorUpload(visitor.token(), "notes", "订单 42\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(text.getString("contentType")).isEqualTo("text/plain; charset=utf-8");
      assertThat(text.getString("name")).isEqualTo("notes.txt");
      assertThat(storedFiles()).hasSize(before.size() + 1);
      assertThat(storedFiles()).noneMatch(name -> name.contains("notes") || name.endsWith(".part"));
      assertThat(new Fixtures(kefu).serverLog())
          .contains("upload refused (file_too_large)")
          .contains("upload refused (file_type_refused)");
    }
  }

  @Test
  void onlyTheSitesOriginsGetCrossOriginAccess() {
    TestSite site = new Fixtures(kefu).site(false, "https://shop.example");
    HttpResponse<String> preflight =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/files?site=" + site.key()))
                .header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-kefu-visitor")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://shop.example");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .containsIgnoringCase("X-Kefu-Visitor");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    HttpResponse<String> foreign =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/files?site=" + site.key()))
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    try (Socket socket = Socket.open(kefu.visitorUri(site.key()), "https://shop.example")) {
      socket.send("{\"type\":\"hello\",\"protocol\":1}");
      String token = socket.next("welcome").string("visitorToken");
      HttpResponse<String> fromShop =
          kefu.send(
              HttpRequest.newBuilder(
                      kefu.base.resolve("api/v1/files?site=" + site.key() + "&name=a.png"))
                  .header(VISITOR, token)
                  .header("Origin", "https://shop.example")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)));
      assertThat(fromShop.statusCode()).as(fromShop.body()).isEqualTo(201);
      assertThat(fromShop.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://shop.example");
      HttpResponse<String> fromEvil =
          kefu.send(
              HttpRequest.newBuilder(
                      kefu.base.resolve("api/v1/files?site=" + site.key() + "&name=a.png"))
                  .header(VISITOR, token)
                  .header("Origin", "https://evil.example")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)));
      assertThat(fromEvil.statusCode()).isEqualTo(403);
      // The token is bound to its site: with the demo site's key it is worthless.
      assertThat(
              kefu.send(
                      HttpRequest.newBuilder(
                              kefu.base.resolve("api/v1/files?site=" + siteKey + "&name=a.png"))
                          .header(VISITOR, token)
                          .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)))
                  .statusCode())
          .isEqualTo(401);
    }
  }

  static final String VISITOR = "X-Kefu-Visitor";

  private HttpRequest.Builder visitorRequest(String path, String token) {
    return HttpRequest.newBuilder(kefu.base.resolve("api/v1/" + path))
        .header(VISITOR, token)
        .header("Origin", kefu.origin);
  }

  private HttpResponse<String> visitorUpload(String token, String name, byte[] bytes) {
    return kefu.send(
        visitorRequest(
                "files?site="
                    + siteKey
                    + "&name="
                    + URLEncoder.encode(name, StandardCharsets.UTF_8),
                token)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
  }

  private HttpResponse<String> agentUpload(
      String authorization, String conversationId, String name, byte[] bytes) {
    return kefu.send(
        HttpRequest.newBuilder(
                kefu.base.resolve(
                    "api/v1/files?conversationId="
                        + conversationId
                        + "&name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8)))
            .header("Authorization", authorization)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
  }

  private HttpResponse<byte[]> visitorDownload(String token, String fileId) {
    return bytes(visitorRequest("files/" + fileId + "?site=" + siteKey, token).GET());
  }

  private HttpResponse<byte[]> staffDownload(String authorization, String fileId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/files/" + fileId));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return bytes(request.GET());
  }

  private static HttpResponse<byte[]> bytes(HttpRequest.Builder request) {
    try {
      return java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1)
          .build()
          .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void account(String username, String roles, String department) {
    Map<String, String> fields =
        department == null
            ? Map.of("username", username, "password", PASSWORD, "roles", roles)
            : Map.of(
                "username",
                username,
                "password",
                PASSWORD,
                "roles",
                roles,
                "department",
                department);
    kefu.fixture("accounts", fields);
  }

  private static String fileFrame(
      String conversationId, String clientMsgId, String fileId, String text) {
    var frame = Json.createObjectBuilder().add("type", "send").add("clientMsgId", clientMsgId);
    if (conversationId != null) {
      frame.add("conversationId", conversationId);
    }
    frame.add("fileId", fileId);
    if (text != null) {
      frame.add("text", text);
    }
    return frame.build().toString();
  }

  private static JsonObject ok201(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response.body());
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** The files Kefu keeps, by their names on disk. */
  private static List<String> storedFiles() throws IOException {
    Path folder = Path.of(System.getProperty("kf.it.tmp", "target"), "it-data", "files");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      String[] names = files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
      return Arrays.asList(names);
    }
  }
}
