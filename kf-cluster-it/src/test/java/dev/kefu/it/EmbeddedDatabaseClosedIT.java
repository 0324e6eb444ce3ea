package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.browser.KefuServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;

/**
 * A standalone node whose embedded database closed under it ends, so that its supervisor starts a
 * fresh one, instead of answering 500 to every call while it still looks up. Started as users start
 * it, {@code bin/kefu-server} on H2, which turns {@code kf.fatal.exit} on.
 *
 * <p>How the database is closed: running out of memory, or failing to write its file, makes H2
 * close itself, after which every statement on the pool's connections fails with "database is
 * closed" (90098/90121). The test reaches the same state without a hook in Kefu's code and without
 * waiting for memory to run out: the test fixture, deployed with this test only ({@code
 * dev.kefu.it.fixture.EmbeddedDatabase}), runs H2's {@code SHUTDOWN IMMEDIATELY} on a connection of
 * Kefu's own pool. Kefu notices within its database watch's 10 s (or at the next request that meets
 * the closed database), logs one SEVERE line, and the process ends with status 70, which the script
 * reports and passes on. The 503 answers of that state, with the process kept up, are proven by
 * {@code HealthIT} in kf-it.
 */
class EmbeddedDatabaseClosedIT {

  private static final Duration NOTICED_WITHIN = Duration.ofMinutes(2);

  @Test
  void aClosedEmbeddedDatabaseEndsTheStandaloneServerWithAFailureStatus() throws Exception {
    Path runtime = Path.of(System.getProperty("kf.cluster-it.runtime"));
    // Beside payara-micro.jar, where bin/kefu-server looks for it; not the cluster test's kf.war.
    Path war = runtime.resolve("kf-with-fixture.war");
    Deployments.standaloneWarWithFixture().as(ZipExporter.class).exportTo(war.toFile(), true);
    Path work =
        Files.createDirectories(
            Path.of(System.getProperty("kf.cluster-it.work")).resolve("embedded-database-closed"));

    try (KefuServer server =
        KefuServer.start(
            Path.of(System.getProperty("kf.cluster-it.server")),
            war,
            work,
            Kefu.ADMIN_PASSWORD,
            KefuServer.freePort(),
            Map.of())) {
      Kefu kefu = new Kefu(server.baseUrl().toURL());
      HttpResponse<String> closed =
          kefu.send(
              HttpRequest.newBuilder(kefu.base.resolve("api/v1/it/embedded-database/close"))
                  .header("Authorization", Kefu.basic())
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(closed.statusCode()).as(closed.body()).isEqualTo(204);

      int status = server.awaitExit(NOTICED_WITHIN);

      List<String> console = Files.readAllLines(server.log(), StandardCharsets.UTF_8);
      List<String> log = Files.readAllLines(server.serverLog(), StandardCharsets.UTF_8);
      assertThat(status).as("exit status of bin/kefu-server").isEqualTo(70);
      assertThat(log.stream().filter(line -> line.contains("Kefu cannot go on")))
          .as("one SEVERE line in the server's log says why")
          .singleElement()
          .asString()
          .contains("embedded database closed", "SEVERE");
      assertThat(console)
          .as("the console shows that line too, and the script does not pass for a clean stop")
          .anySatisfy(line -> assertThat(line).contains("error: Kefu cannot go on"))
          .anySatisfy(
              line -> assertThat(line).startsWith("kefu-server: Kefu exited with status 70"))
          .noneSatisfy(line -> assertThat(line).isEqualTo("Kefu stopped."));
    }
  }
}
