package dev.kefu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Kefu's standalone server started the way users start it, {@code bin/kefu-server kf.war}, in a
 * process of its own on a free loopback port with a fresh data directory. Closing it sends SIGTERM,
 * as an operator or a service manager would, and expects the server to be gone with exit code 0.
 * Public for the system tests of other modules that start several servers (kf-cluster-it).
 */
public final class KefuServer implements AutoCloseable {

  // A busy machine (CI running several servers at once) may need longer: -Dkf.server.start-minutes.
  private static final Duration START_TIMEOUT =
      Duration.ofMinutes(Long.getLong("kf.server.start-minutes", 4));
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final URI baseUrl;
  private final Path log;
  private final Path serverLog;
  private final Thread reaper;
  private boolean endedOnItsOwn;

  private KefuServer(Process process, URI baseUrl, Path log, Path serverLog) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
    this.serverLog = serverLog;
    // Should the test JVM be stopped early, the server must not outlive it.
    this.reaper = new Thread(() -> killTree(process));
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts the server and returns once its REST API answers.
   *
   * @param script {@code bin/kefu-server}
   * @param war the packaged {@code kf.war}, with {@code payara-micro.jar} beside it
   * @param work a folder of this run: the data directory, temporary files and the script's output
   *     go there
   */
  public static KefuServer start(Path script, Path war, Path work, String adminPassword)
      throws IOException, InterruptedException {
    return start(script, war, work, adminPassword, freePort(), Map.of());
  }

  /**
   * Starts the server on the given port with further settings in its environment ({@code
   * KF_AUTH_MODE}, say), and returns once its REST API answers.
   */
  public static KefuServer start(
      Path script,
      Path war,
      Path work,
      String adminPassword,
      int port,
      Map<String, String> settings)
      throws IOException, InterruptedException {
    Path data = work.resolve("kefu-data");
    Path tmp = work.resolve("kefu-tmp");
    deleteRecursively(data);
    Files.createDirectories(data);
    Files.createDirectories(tmp);
    Path log = work.resolve("kefu-server.log");

    ProcessBuilder builder = new ProcessBuilder(script.toString(), war.toString());
    // A developer's own KF_* settings (a MariaDB URL, say) must not leak into the test server.
    builder.environment().keySet().removeIf(name -> name.startsWith("KF_"));
    builder.environment().put("KF_HTTP_PORT", Integer.toString(port));
    builder.environment().put("KF_DATA_DIR", data.toString());
    builder.environment().put("KF_ADMIN_PASSWORD", adminPassword);
    builder.environment().put("TMPDIR", tmp.toString());
    builder.environment().putAll(settings);
    // The test servers' JVM options (the root POM's kf.test.server.jvm) before the test's own.
    String jvm = System.getProperty("kf.test.server.jvm", "").trim();
    if (!jvm.isEmpty()) {
      builder.environment().merge("KF_JAVA_OPTS", jvm, (own, test) -> test + " " + own);
    }
    builder.redirectErrorStream(true).redirectOutput(log.toFile());

    KefuServer server =
        new KefuServer(
            builder.start(),
            URI.create("http://127.0.0.1:" + port),
            log,
            data.resolve("logs").resolve("server.log"));
    try {
      server.awaitReady();
    } catch (RuntimeException | InterruptedException e) {
      server.printLog();
      killTree(server.process);
      throw e;
    }
    return server;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** What {@code bin/kefu-server} printed: Kefu's own lines and the script's. */
  public Path log() {
    return log;
  }

  /** The application server's whole log, which the script keeps in the data directory. */
  public Path serverLog() {
    return serverLog;
  }

  /**
   * The JVM that bin/kefu-server started, for tools that attach to it (jcmd); empty when it has
   * gone.
   */
  public Optional<ProcessHandle> jvm() {
    return process
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst();
  }

  private void awaitReady() throws InterruptedException {
    // HTTP/1.1: no upgrade to HTTP/2 to go wrong on a server that is still booting.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest status =
        HttpRequest.newBuilder(baseUrl.resolve("/api/v1/status"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant started = Instant.now();
    Instant deadline = started.plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "bin/kefu-server exited with code " + process.exitValue() + " before Kefu was ready");
      }
      // Bounded from outside too: a request to a server restarted on the same port was seen to
      // hang past its own timeout.
      CompletableFuture<HttpResponse<Void>> answer =
          http.sendAsync(status, HttpResponse.BodyHandlers.discarding());
      try {
        if (answer.get(10, TimeUnit.SECONDS).statusCode() == 200) {
          System.out.printf(
              "Kefu is up at %s after %d s (log: %s)%n",
              baseUrl, Duration.between(started, Instant.now()).toSeconds(), log);
          return;
        }
      } catch (ExecutionException | TimeoutException notYet) {
        // Payara is still booting or deploying.
        answer.cancel(true);
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("Kefu did not answer " + status.uri() + " in " + START_TIMEOUT);
  }

  /**
   * Waits for the server to end on its own (a fatal fault, say) and answers the exit status of
   * {@code bin/kefu-server}, which waits for its JVM; {@link #close} then has nothing to stop.
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      printLog();
    }
    assertThat(exited).as("bin/kefu-server ended on its own within %s", timeout).isTrue();
    endedOnItsOwn = true;
    return process.exitValue();
  }

  /**
   * Sends SIGTERM and checks that the script and the server under it exit, with code 0; after
   * {@link #awaitExit}, only checks that no process of it is left.
   */
  @Override
  public void close() throws InterruptedException {
    if (endedOnItsOwn) {
      Runtime.getRuntime().removeShutdownHook(reaper);
      return;
    }
    try {
      assertThat(process.isAlive())
          .as("bin/kefu-server still running when the tests ended (it exited on its own)")
          .isTrue();
      List<ProcessHandle> tree =
          Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
      Instant stopping = Instant.now();
      process.destroy(); // SIGTERM on Unix
      boolean exited = process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(exited).as("bin/kefu-server stopped within %s of SIGTERM", STOP_TIMEOUT).isTrue();
      assertThat(process.exitValue()).as("exit code of bin/kefu-server after SIGTERM").isZero();
      for (ProcessHandle member : tree) {
        assertThat(member.isAlive())
            .as(
                "process %d (%s) still running after bin/kefu-server exited",
                member.pid(), member.info().command().orElse("?"))
            .isFalse();
      }
      System.out.printf(
          "Kefu stopped %d s after SIGTERM.%n",
          Duration.between(stopping, Instant.now()).toSeconds());
    } catch (AssertionError e) {
      printLog();
      throw e;
    } finally {
      killTree(process);
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  public void printLog() {
    printTail(log, 40);
    printTail(serverLog, 80);
  }

  private static void printTail(Path file, int count) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      System.out.println("---- last lines of " + file + " ----");
      lines.subList(Math.max(0, lines.size() - count), lines.size()).forEach(System.out::println);
      System.out.println("----");
    } catch (IOException e) {
      System.out.println("(cannot read " + file + ": " + e + ")");
    }
  }

  public static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
