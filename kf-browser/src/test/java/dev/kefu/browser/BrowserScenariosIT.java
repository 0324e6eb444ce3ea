package dev.kefu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kefu in a real browser. The scenarios are the {@code *.test.mjs} files of {@code src/test/js},
 * written for node's test runner with playwright-core driving Debian's chromium; this class starts
 * one packaged server for all of them, runs them, and fails when any of them fails. Screenshots of
 * every step land in {@code target/screenshots}.
 */
class BrowserScenariosIT {

  private final Path work = Path.of(System.getProperty("kf.browser.work"));
  private final Path nodeFolder = Path.of(System.getProperty("kf.browser.node"));

  @Test
  void everyBrowserScenarioPassesAgainstThePackagedServer() throws Exception {
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String adminPassword = "browser-" + HexFormat.of().formatHex(random);
    Path war = Path.of(System.getProperty("kf.browser.war"));
    assertThat(war)
        .as("the packaged server; build it with this module: mvn verify -pl kf-browser -am")
        .isRegularFile();
    String metricsToken = "metrics-" + HexFormat.of().formatHex(random);
    try (KefuServer kefu =
        KefuServer.start(
            Path.of(System.getProperty("kf.browser.server")),
            war,
            work,
            adminPassword,
            KefuServer.freePort(),
            Map.of("KF_METRICS_TOKEN", metricsToken))) {
      int exit = runScenarios(kefu, adminPassword, metricsToken);
      NodeScenarios.assertPassed(exit, work.resolve("browser-tests.log"));
    }
  }

  private int runScenarios(KefuServer kefu, String adminPassword, String metricsToken)
      throws IOException, InterruptedException {
    // Only the files directly in tests/: subfolders hold scenarios that need other servers.
    return NodeScenarios.run(
        nodeFolder,
        "tests",
        work,
        "browser-tests.log",
        Map.of(
            "BASE_URL",
            kefu.baseUrl().toString(),
            "ADMIN_PASSWORD",
            adminPassword,
            "METRICS_TOKEN",
            metricsToken));
  }
}
