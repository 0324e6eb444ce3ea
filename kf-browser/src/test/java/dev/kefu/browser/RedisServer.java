package dev.kefu.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of the test's own ({@code redis-server} on a free loopback port, nothing saved to disk),
 * so that the test can take it away from the nodes and bring it back on the same address. Public
 * for the system tests of other modules that start several nodes (kf-cluster-it, kf-fault-it).
 */
public final class RedisServer implements AutoCloseable {

  private final int port;
  private final Path folder;
  private Process process;
  private Thread reaper;

  private RedisServer(int port, Path folder) {
    this.port = port;
    this.folder = folder;
  }

  public static RedisServer start(Path folder) throws IOException, InterruptedException {
    RedisServer redis = new RedisServer(KefuServer.freePort(), Files.createDirectories(folder));
    redis.start();
    return redis;
  }

  /** Starts it (again), empty, and returns once it answers PING. */
  public void start() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                folder.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("redis.log").toFile()))
            .start();
    // Should the test JVM be stopped early, the server must not outlive it.
    Process started = process;
    reaper = new Thread(started::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(reaper);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!answers()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("redis-server did not start; see " + folder);
      }
      Thread.sleep(100);
    }
  }

  /** Stops it, as a crash would for the nodes: their connections just end. */
  public void stop() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
    Runtime.getRuntime().removeShutdownHook(reaper);
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * Runs one command with {@code redis-cli} (raw output, as it prints it: one line per value of a
   * set or a hash), for a test to look at or change what the nodes keep there.
   */
  public String command(String... words) throws IOException, InterruptedException {
    List<String> line =
        new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port), "--raw"));
    line.addAll(List.of(words));
    Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cli.waitFor(20, TimeUnit.SECONDS) || cli.exitValue() != 0) {
      throw new IllegalStateException(line + " failed: " + out);
    }
    return out.strip();
  }

  private boolean answers() {
    try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] answer = new byte[5];
      return in.readNBytes(answer, 0, 5) == 5
          && "+PONG".equals(new String(answer, StandardCharsets.US_ASCII));
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      stop();
    }
  }
}
