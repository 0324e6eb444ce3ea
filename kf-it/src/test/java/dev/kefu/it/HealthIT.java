package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What the node says about itself: {@code /api/v1/status}, and Kefu's checks in MicroProfile
 * Health's {@code /health/ready} and {@code /health/live}. A node whose embedded database closed
 * under it once answered 500 to every call while its status still said up; now it says down, with
 * the reason and nothing internal, while the process is still there to be asked (the exit itself,
 * which {@code bin/kefu-server} turns on, is proven in kf-cluster-it).
 *
 * <p>The database is closed by the test fixture ({@code dev.kefu.it.fixture.EmbeddedDatabase}),
 * which runs H2's {@code SHUTDOWN IMMEDIATELY} on a connection of Kefu's pool: the state that
 * running out of memory left behind, reached without a hook in Kefu's own code. That breaks the
 * server for good, so it is the last test of the class, the class is the last on the shared server,
 * and only on H2.
 */
@ExtendWith(KefuServer.class)
@Order(Integer.MAX_VALUE - 3) // it breaks the shared server on H2, so it runs last on it
@ResourceLock(KefuServer.RESOURCE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {

  /** The database watch asks every 10 s, with a timeout of 5 s; the rest is for a busy machine. */
  private static final Duration NOTICED_WITHIN = Duration.ofSeconds(90);

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  @Order(1)
  void aNodeWhoseDatabaseAnswersIsUpAndReady() throws InterruptedException {
    // Awaited rather than asked once: a machine busy enough can make one probe miss its timeout.
    HttpResponse<String> status = awaitStatus(200);
    assertThat(json(status).getString("status")).isEqualTo("up");
    assertThat(status.headers().firstValue("Cache-Control")).contains("no-store");

    HttpResponse<String> ready = get(kefu.health("ready"));
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(check(ready, "kefu-ready")).isEqualTo("UP");
    // What each dependency said: one node without Redis, and the test's mail address, where no
    // mail server listens but while a mail test runs: mail never makes a node unready.
    JsonObject data = data(ready, "kefu-ready");
    assertThat(data.getString("database")).isEqualTo("up");
    assertThat(data.getString("redis")).isEqualTo("not configured (one node)");
    assertThat(data.getString("disk")).matches("\\d+\\.\\d GiB free");
    assertThat(data.getString("mail")).isIn("up", "the mail server does not answer");
    HttpResponse<String> live = get(kefu.health("live"));
    assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
    assertThat(check(live, "kefu-live")).isEqualTo("UP");
    HttpResponse<String> started = get(kefu.health("started"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    assertThat(check(started, "kefu-started")).isEqualTo("UP");
  }

  @Test
  @Order(2)
  void aClosedEmbeddedDatabaseTakesTheNodeDownWhileTheProcessStillAnswers() throws Exception {
    assumeTrue("h2".equals(System.getProperty("kf.it.database")), "H2 is the embedded database");

    HttpResponse<String> closed =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/it/embedded-database/close"))
                .header("Authorization", Kefu.basic())
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(204);

    HttpResponse<String> status = awaitStatus(503);
    assertThat(json(status).getString("status")).isEqualTo("down");
    assertThat(json(status).getString("reason")).isEqualTo("embedded database closed");
    assertThat(status.body()).doesNotContainIgnoringCase("h2").doesNotContain("Exception");

    HttpResponse<String> ready = get(kefu.health("ready"));
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(check(ready, "kefu-ready")).isEqualTo("DOWN");
    assertThat(ready.body()).contains("embedded database closed");

    HttpResponse<String> live = get(kefu.health("live"));
    assertThat(live.statusCode()).as("only a restart cures it").isEqualTo(503);
    assertThat(check(live, "kefu-live")).isEqualTo("DOWN");
  }

  private HttpResponse<String> awaitStatus(int expected) {
    AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    await()
        .atMost(NOTICED_WITHIN)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              HttpResponse<String> status = get(kefu.base.resolve("api/v1/status"));
              last.set(status);
              assertThat(status.statusCode()).as("status: %s", status.body()).isEqualTo(expected);
            });
    return last.get();
  }

  private HttpResponse<String> get(URI uri) {
    return kefu.send(HttpRequest.newBuilder(uri).GET());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  /** The data of the named check in a MicroProfile Health answer. */
  private static JsonObject data(HttpResponse<String> response, String name) {
    return json(response).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(check -> name.equals(check.getString("name")))
        .map(check -> check.getJsonObject("data"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + response.body()));
  }

  /** The status of the named check in a MicroProfile Health answer. */
  private static String check(HttpResponse<String> response, String name) {
    return json(response).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(check -> name.equals(check.getString("name")))
        .map(check -> check.getString("status"))
        .findFirst()
        .orElse("missing in " + response.body());
  }
}
