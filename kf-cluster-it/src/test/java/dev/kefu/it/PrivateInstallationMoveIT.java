package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.browser.KefuServer;
import dev.kefu.it.Kefu.Visitor;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant moves into a new private installation, as its admins would do it, with the run command
 * on the embedded database: on the first installation the admin exports their tenant (a chat and a
 * second account in it); a second installation, just started with a data key of its own, takes it
 * in place of its empty first tenant; the first installation's admin then signs in there and finds
 * the chat, while the second's own first admin is gone. Once it has a tenant with visitors, an
 * installation takes no other.
 */
class PrivateInstallationMoveIT {

  private static final Path RUNTIME = Path.of(System.getProperty("kf.cluster-it.runtime"));
  private static final Path SCRIPT = Path.of(System.getProperty("kf.cluster-it.server"));
  private static final Path WORK = Path.of(System.getProperty("kf.cluster-it.work"));

  @Test
  void anAdminsExportIsTakenByANewPrivateInstallationInPlaceOfItsEmptyTenant() throws Exception {
    String words = "Where is parcel " + UUID.randomUUID().toString().substring(0, 8) + "?";
    String colleague = "colleague-" + UUID.randomUUID().toString().substring(0, 8);
    String colleaguePassword = "colleague-secret-" + UUID.randomUUID();
    byte[] export;
    try (KefuServer first = start("move-first", Kefu.ADMIN_PASSWORD)) {
      Kefu kefu = new Kefu(first.baseUrl().toURL());
      try (Visitor visitor = kefu.visitor()) {
        visitor.socket().send(Kefu.send(words));
        visitor.socket().next("ack");
      }
      HttpResponse<String> account =
          kefu.send(
              HttpRequest.newBuilder(kefu.base.resolve("api/v1/accounts"))
                  .header("Authorization", Kefu.basic())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\""
                              + colleague
                              + "\",\"name\":\"Colleague\",\"password\":\""
                              + colleaguePassword
                              + "\",\"roles\":[\"kf-agent\"]}")));
      assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
      HttpResponse<byte[]> exported =
          bytes(kefu, HttpRequest.newBuilder(kefu.base.resolve("api/v1/tenant/export")).GET());
      assertThat(exported.statusCode()).isEqualTo(200);
      export = exported.body();
    }

    String secondPassword = "second-secret-" + UUID.randomUUID();
    try (KefuServer second = start("move-second", secondPassword)) {
      Kefu kefu = new Kefu(second.baseUrl().toURL());
      HttpResponse<byte[]> imported =
          bytes(
              kefu,
              HttpRequest.newBuilder(kefu.base.resolve("api/v1/tenant/import"))
                  .header("Authorization", Kefu.basic("admin", secondPassword))
                  .header("Content-Type", "application/zip")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(export)));
      assertThat(imported.statusCode()).as(text(imported)).isEqualTo(201);

      // The moved tenant's staff sign in here; the empty tenant's first admin is gone.
      assertThat(status(kefu, "api/v1/auth/me", Kefu.basic("admin", secondPassword)))
          .isEqualTo(401);
      assertThat(status(kefu, "api/v1/auth/me", Kefu.basic(colleague, colleaguePassword)))
          .isEqualTo(200);
      HttpResponse<String> history =
          kefu.send(
              HttpRequest.newBuilder(kefu.base.resolve("api/v1/history/conversations.json"))
                  .header("Authorization", Kefu.basic()));
      assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
      assertThat(history.body()).contains(words);

      // The chat goes on here: the site's key came along, and the widget is welcome.
      try (Visitor visitor = kefu.visitor()) {
        visitor.socket().send(Kefu.send("And another question"));
        assertThat(visitor.socket().next("ack").number("seq")).isEqualTo(1);
      }

      HttpResponse<byte[]> again =
          bytes(
              kefu,
              HttpRequest.newBuilder(kefu.base.resolve("api/v1/tenant/import"))
                  .header("Content-Type", "application/zip")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(export)));
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(text(again)).contains("installation_in_use");
    }
  }

  private static KefuServer start(String name, String adminPassword) throws Exception {
    Path work = WORK.resolve(name);
    if (Files.exists(work)) {
      try (var old = Files.walk(work)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(work);
    return KefuServer.start(
        SCRIPT,
        RUNTIME.resolve("shipped.war"),
        work,
        adminPassword,
        KefuServer.freePort(),
        Map.of());
  }

  private static int status(Kefu kefu, String path, String authorization) {
    return kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve(path)).header("Authorization", authorization))
        .statusCode();
  }

  /** As the first installation's admin, unless the request names someone else. */
  private static HttpResponse<byte[]> bytes(Kefu kefu, HttpRequest.Builder request) {
    HttpRequest built = request.build();
    HttpRequest.Builder signed = HttpRequest.newBuilder(built, (name, value) -> true);
    if (built.headers().firstValue("Authorization").isEmpty()) {
      signed.header("Authorization", Kefu.basic());
    }
    try {
      return java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1)
          .build()
          .send(signed.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
