package dev.kefu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Kefu in a real browser. The scenarios are the {@code *.test.mjs} files of {@code src/test/js},
 * written for node's test runner with playwright-core driving Debian's chromium; this class starts
 * one packaged server for all of them, runs them, and fails when any of them fails. Screenshots of
 * every step land in {@code target/screenshots}.
 */
class BrowserScenariosIT {

  private static final long NODE_TIMEOUT_MINUTES = 15;

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
    try (KefuServer kefu =
        KefuServer.start(
            Path.of(System.getProperty("kf.browser.server")), war, work, adminPassword)) {
      int exit = runScenarios(kefu, adminPassword);
      assertThat(exit)
          .as("exit code of node --test; the failing steps are in the output above")
          .isZero();
    }
  }

  private int runScenarios(KefuServer kefu, String adminPassword)
      throws IOException, InterruptedException {
    Path tests = nodeFolder.resolve("tests");
    List<String> command =
        new ArrayList<>(
            // One file at a time: every scenario shares the one server and its one admin agent.
            List.of("node", "--test", "--test-reporter=spec", "--test-concurrency=1"));
    try (Stream<Path> files = Files.list(tests)) {
      files
          .filter(file -> file.getFileName().toString().endsWith(".test.mjs"))
          .map(file -> tests.relativize(file).toString())
          .sorted()
          .forEach(file -> command.add("tests/" + file));
    }
    Path screenshots = work.resolve("screenshots");
    Path tmp = work.resolve("browser-tmp");
    Files.createDirectories(screenshots);
    Files.createDirectories(tmp);

    ProcessBuilder builder = new ProcessBuilder(command).directory(nodeFolder.toFile());
    builder.environment().put("BASE_URL", kefu.baseUrl().toString());
    builder.environment().put("ADMIN_PASSWORD", adminPassword);
    builder.environment().put("SCREENSHOTS", screenshots.toString());
    // Playwright makes a fresh chromium profile for every launch in the temporary folder.
    builder.environment().put("TMPDIR", tmp.toString());
    builder.redirectErrorStream(true);
    Process node = builder.start();

    // Relayed line by line: Failsafe's forked JVM must not have its own stdout written to directly.
    Thread relay =
        new Thread(
            () -> {
              try (BufferedReader out =
                      new BufferedReader(
                          new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter log =
                      new PrintWriter(
                          Files.newBufferedWriter(work.resolve("browser-tests.log")), true)) {
                for (String line; (line = out.readLine()) != null; ) {
                  System.out.println(line);
                  log.println(line);
                }
              } catch (IOException e) {
                System.out.println("(output of node ended: " + e + ")");
              }
            });
    relay.start();
    try {
      boolean finished = node.waitFor(NODE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      assertThat(finished)
          .as("browser tests finished within %d minutes", NODE_TIMEOUT_MINUTES)
          .isTrue();
      relay.join(10_000);
      return node.exitValue();
    } finally {
      node.descendants().forEach(ProcessHandle::destroyForcibly);
      node.destroyForcibly();
    }
  }
}
