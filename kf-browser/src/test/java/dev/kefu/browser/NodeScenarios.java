package dev.kefu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs the {@code *.test.mjs} scenarios of one folder with node's test runner, or one script. */
final class NodeScenarios {

  /**
   * Only a hang is caught by this: all scenarios of tests/ took about 14 minutes on two cores
   * shared with the rest of the suite (2026-12-05), and one run beside other builds took more than
   * 15.
   */
  private static final long NODE_TIMEOUT_MINUTES = 25;

  private NodeScenarios() {}

  /**
   * Runs every {@code *.test.mjs} directly in {@code folder} (relative to the node folder), one
   * file at a time, relaying their output to this test's output and to {@code logName} under {@code
   * work}.
   *
   * @return node's exit code: 0 when every scenario passed
   */
  static int run(
      Path nodeFolder, String folder, Path work, String logName, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path tests = nodeFolder.resolve(folder);
    List<String> command =
        new ArrayList<>(
            // One file at a time: the scenarios share one server and its accounts.
            List.of("node", "--test", "--test-reporter=spec", "--test-concurrency=1"));
    try (Stream<Path> files = Files.list(tests)) {
      files
          .filter(file -> file.getFileName().toString().endsWith(".test.mjs"))
          .map(file -> nodeFolder.relativize(file).toString())
          .sorted()
          .forEach(command::add);
    }
    Path screenshots = work.resolve("screenshots");
    Path tmp = work.resolve("browser-tmp");
    Files.createDirectories(screenshots);
    Files.createDirectories(tmp);
    Map<String, String> all = new HashMap<>(environment);
    all.put("SCREENSHOTS", screenshots.toString());
    // Playwright makes a fresh chromium profile for every launch in the temporary folder.
    all.put("TMPDIR", tmp.toString());
    return runNode(nodeFolder, command, work, logName, all, NODE_TIMEOUT_MINUTES);
  }

  /**
   * Runs a node command in the node folder, relaying its output to this test's output and to {@code
   * logName} under {@code work}; fails when it does not end within {@code timeoutMinutes}.
   *
   * @return node's exit code
   */
  static int runNode(
      Path nodeFolder,
      List<String> command,
      Path work,
      String logName,
      Map<String, String> environment,
      long timeoutMinutes)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(nodeFolder.toFile());
    builder.environment().putAll(environment);
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
                      new PrintWriter(Files.newBufferedWriter(work.resolve(logName)), true)) {
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
      boolean finished = node.waitFor(timeoutMinutes, TimeUnit.MINUTES);
      assertThat(finished).as("%s finished within %d minutes", command, timeoutMinutes).isTrue();
      relay.join(10_000);
      return node.exitValue();
    } finally {
      node.descendants().forEach(ProcessHandle::destroyForcibly);
      node.destroyForcibly();
    }
  }

  /**
   * Fails unless node's test runner ended with 0, with the failing steps and their errors in the
   * message: a CI's excerpt of the build's output may not reach the lines where they were printed.
   */
  static void assertPassed(int exit, Path log) throws IOException {
    assertThat(exit)
        .as(
            "exit code of node --test; the failing steps (also in the output above):%n%s",
            exit == 0 ? "" : failures(log, 6_000))
        .isZero();
  }

  /**
   * The failing steps and their errors as node's spec reporter sums them up at the end of {@code
   * log} (after "failing tests:"), up to {@code most} characters.
   */
  private static String failures(Path log, int most) throws IOException {
    if (!Files.isRegularFile(log)) {
      return "(no log at " + log + ")";
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    int from = text.lastIndexOf("failing tests:");
    if (from < 0) {
      return "(no failing tests listed in " + log + ")";
    }
    // Without the stack frames, which say little of a browser's step and push the errors out.
    String failing =
        text.substring(from)
            .lines()
            .filter(line -> !line.stripLeading().startsWith("at "))
            .collect(Collectors.joining("\n"))
            .strip();
    return failing.length() <= most ? failing : failing.substring(0, most) + " …";
  }
}
