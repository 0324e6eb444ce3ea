package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.browser.KefuServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Kefu node started with {@code bin/kefu-server} that the test kills with SIGKILL and starts
 * again on the same port, as a supervisor would after a crash. Each start has a folder of its own
 * ({@code node-a-1}, {@code node-a-2}, …), so that the log of a killed run stays for the evidence.
 */
final class Node implements AutoCloseable {

  /** The exit status of {@code bin/kefu-server} when its JVM was killed with SIGKILL. */
  private static final int KILLED = 137;

  final String name;
  final Kefu client;
  private final Path script;
  private final Path war;
  private final Path work;
  private final int port;
  private final Map<String, String> settings;
  private final List<Duration> boots = new ArrayList<>();
  private KefuServer server;
  private volatile boolean up;

  private Node(String name, Path script, Path war, Path work, int port, Map<String, String> s) {
    this.name = name;
    this.script = script;
    this.war = war;
    this.work = work;
    this.port = port;
    this.settings = s;
    try {
      this.client = new Kefu(java.net.URI.create("http://127.0.0.1:" + port + "/").toURL());
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Node start(String name, Path script, Path war, Path work, Map<String, String> settings)
      throws IOException, InterruptedException {
    Node node = new Node(name, script, war, work, KefuServer.freePort(), settings);
    node.start();
    return node;
  }

  /** Starts it (again) on its port and returns once its REST API answers. */
  void start() throws IOException, InterruptedException {
    Path folder = Files.createDirectories(work.resolve(name + "-" + (boots.size() + 1)));
    Instant starting = Instant.now();
    server = KefuServer.start(script, war, folder, Kefu.ADMIN_PASSWORD, port, settings);
    boots.add(Duration.between(starting, Instant.now()));
    up = true;
  }

  /**
   * Kills the node's JVM with SIGKILL, and checks that {@code bin/kefu-server} ends with it and
   * leaves no process behind.
   */
  void kill() throws InterruptedException {
    ProcessHandle jvm = server.jvm().orElseThrow(() -> new IllegalStateException(name + " gone"));
    ProcessHandle scriptProcess = jvm.parent().orElseThrow();
    List<ProcessHandle> tree =
        Stream.concat(Stream.of(scriptProcess), scriptProcess.descendants()).toList();
    up = false;
    jvm.destroyForcibly();
    assertThat(server.awaitExit(Duration.ofMinutes(1)))
        .as("exit status of bin/kefu-server when its JVM was killed")
        .isEqualTo(KILLED);
    for (ProcessHandle member : tree) {
      boolean gone = !member.isAlive() || waitFor(member);
      assertThat(gone)
          .as(
              "process %d (%s) of %s left after its JVM was killed",
              member.pid(), member.info().command().orElse("?"), name)
          .isTrue();
    }
    server.close();
  }

  /**
   * Stops the node as an operator or a service manager does, with SIGTERM, and checks that it ends
   * with status 0 and leaves no process behind.
   */
  void stop() throws InterruptedException {
    up = false;
    server.close();
  }

  private static boolean waitFor(ProcessHandle member) throws InterruptedException {
    try {
      member.onExit().get(10, TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      member.destroyForcibly();
      return false;
    }
  }

  boolean up() {
    return up;
  }

  /** How long each start took, from the script's start to the first answer of its API. */
  List<Duration> boots() {
    return List.copyOf(boots);
  }

  /** The application server's logs of every start, first to last. */
  List<Path> logs() {
    List<Path> logs = new ArrayList<>();
    for (int start = 1; start <= boots.size(); start++) {
      logs.add(
          work.resolve(name + "-" + start)
              .resolve("kefu-data")
              .resolve("logs")
              .resolve("server.log"));
    }
    return logs;
  }

  @Override
  public void close() throws InterruptedException {
    if (up) {
      up = false;
      server.close();
    }
  }
}
