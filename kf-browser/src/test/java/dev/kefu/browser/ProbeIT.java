package dev.kefu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * A short run of Kefu's fuzzer and abuse probe ({@code src/test/js/probe}) against the packaged
 * server: canary chats run while 3,000 mutated visitor frames and 600 mutated agent frames are
 * sent, every REST endpoint gets a share of the malformed bodies and methods, and the transcript
 * and sign-in abuse lasts 30 s. The server gets a heap of 1 GiB: abuse must cost the abuser, never
 * the node. The full run and its figures are in docs/benchmarks.md; timings (late canary messages,
 * the heap) are figures there, not checks here.
 */
class ProbeIT {

  private final Path work = Path.of(System.getProperty("kf.browser.work")).resolve("probe");
  private final Path nodeFolder = Path.of(System.getProperty("kf.browser.node"));

  @Test
  void fuzzedFramesMalformedRequestsAndAbuseLeaveEveryoneElseServed() throws Exception {
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String adminPassword = "probe-" + HexFormat.of().formatHex(random);
    Path war = Path.of(System.getProperty("kf.browser.war"));
    assertThat(war)
        .as("the packaged server; build it with this module: mvn verify -pl kf-browser -am")
        .isRegularFile();
    Files.createDirectories(work);
    try (KefuServer kefu =
        KefuServer.start(
            Path.of(System.getProperty("kf.browser.server")),
            war,
            work,
            adminPassword,
            KefuServer.freePort(),
            Map.of("KF_JAVA_OPTS", "-Xmx1g"))) {
      Path checks = work.resolve("probe-checks.properties");
      Files.deleteIfExists(checks);
      List<String> command =
          new ArrayList<>(
              List.of(
                  "node",
                  "tests/probe/probe.mjs",
                  "--base-url",
                  kefu.baseUrl().toString(),
                  "--log",
                  kefu.serverLog().toString(),
                  "--out",
                  work.resolve("probe-result.json").toString(),
                  "--properties",
                  checks.toString(),
                  "--visitor-frames",
                  "3000",
                  "--agent-frames",
                  "600",
                  "--visitor-sockets",
                  "60",
                  "--agent-sockets",
                  "10",
                  "--rest-sample",
                  "0.25",
                  "--abuse-seconds",
                  "30",
                  "--settle-seconds",
                  "5"));
      kefu.jvm().ifPresent(jvm -> command.addAll(List.of("--pid", Long.toString(jvm.pid()))));
      int exit =
          NodeScenarios.runNode(
              nodeFolder, command, work, "probe.log", Map.of("ADMIN_PASSWORD", adminPassword), 30);
      assertThat(checks)
          .as("the probe's checks (exit code %d; its output is above and in probe.log)", exit)
          .exists();
      Properties figures = load(checks);

      SoftAssertions softly = new SoftAssertions();
      softly
          .assertThat(figures.getProperty("unavailable"))
          .as("frames answered unavailable (the server's own fault; samples in probe-result.json)")
          .isEqualTo("0");
      softly
          .assertThat(figures.getProperty("socketsStoppedAnswering"))
          .as("sockets that stopped answering: no welcome to a hello or no pong to a ping")
          .isEqualTo("0");
      softly
          .assertThat(figures.getProperty("stackTraces"))
          .as(
              "stack traces in the server's log during the probe (%s; seed %s): %s",
              kefu.serverLog(),
              figures.getProperty("seed"),
              figures.getProperty("stackTraces.heads"))
          .isEqualTo("0");
      softly
          .assertThat(figures.getProperty("canaryMissed"))
          .as("canary chat messages that never arrived")
          .isEqualTo("0");
      softly
          .assertThat(figures.getProperty("rest5xx"))
          .as("REST answers 5xx to malformed bodies and methods")
          .isEqualTo("0");
      softly
          .assertThat(figures.getProperty("restNoAnswer"))
          .as(
              "REST requests without an answer within 30 s (a thread of the server held): %s",
              figures.getProperty("restNoAnswer.samples"))
          .isEqualTo("0");
      softly
          .assertThat(figures.getProperty("serviceChecksFailed"))
          .as("new visitors and the admin not served during the abuse")
          .isEqualTo("0");
      softly.assertAll();
    }
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }
}
