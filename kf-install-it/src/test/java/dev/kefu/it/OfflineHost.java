package dev.kefu.it;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A host without network: a Linux network namespace of the test's own whose only interface is
 * loopback, so that nothing run in it can reach another machine (nor this machine's own services:
 * its 127.0.0.1 is its own). Programs are run in it with {@code ip netns exec}; files are shared
 * with the test. Needs root.
 */
final class OfflineHost implements AutoCloseable {

  /** What a program run to its end printed (standard output and error together) and its exit. */
  record Result(int exit, String output) {}

  private final String name;
  private final Path logs;
  private final List<Process> started = new ArrayList<>();

  private OfflineHost(String name, Path logs) {
    this.name = name;
    this.logs = logs;
  }

  /** Makes the namespace, with loopback up and nothing else. */
  static OfflineHost create(String name, Path logs) {
    OfflineHost host = new OfflineHost(name, logs);
    host.plain(List.of("ip", "netns", "delete", name)); // one left by a run that died
    Result made = host.plain(List.of("ip", "netns", "add", name));
    if (made.exit() != 0) {
      throw new IllegalStateException("cannot make network namespace " + name + ": " + made);
    }
    Result up = host.run(Map.of(), Duration.ofSeconds(30), "ip", "link", "set", "lo", "up");
    if (up.exit() != 0) {
      throw new IllegalStateException("cannot bring loopback up in " + name + ": " + up);
    }
    return host;
  }

  /** Runs a program in the namespace to its end, with these environment variables added. */
  Result run(Map<String, String> environment, Duration timeout, String... command) {
    return await(start("run", environment, command), timeout, String.join(" ", command));
  }

  /**
   * Starts a program in the namespace, its output going to {@code <logs>/<label>.log}; it is ended
   * by {@link #close()} if still running then.
   */
  Process start(String label, Map<String, String> environment, String... command) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
    argv.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    // Nothing of the build's own Kefu settings leaks into what the host runs.
    builder.environment().keySet().removeIf(key -> key.startsWith("KF_"));
    builder.environment().putAll(environment);
    try {
      Files.createDirectories(logs);
      Path log = logs.resolve(label + ".log");
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Result await(Process process, Duration timeout, String what) {
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(what + " did not end within " + timeout);
      }
      Path log = logs.resolve("run.log");
      String all = Files.readString(log, StandardCharsets.UTF_8);
      // Each run's output is what was appended since the last one.
      Files.writeString(logs.resolve("runs.log"), all, StandardCharsets.UTF_8, CREATE, APPEND);
      Files.delete(log);
      return new Result(process.exitValue(), all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Result plain(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.waitFor(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Ends every process in the namespace (also those a started one left behind) and removes it. */
  @Override
  public void close() {
    started.forEach(Process::destroy);
    Result pids = plain(List.of("ip", "netns", "pids", name));
    for (String pid : pids.output().split("\\s+")) {
      if (pid.matches("\\d+")) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    started.forEach(Process::destroyForcibly);
    plain(List.of("ip", "netns", "delete", name));
  }
}
