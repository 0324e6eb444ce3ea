package dev.kefu.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program the test runs (asadmin, the setup script), with its output kept in a log file beside
 * the domain, so that a failed run can be read afterwards. In {@code environment}, a null value
 * removes that variable from what the program inherits.
 */
record Command(List<String> argv, Map<String, String> environment, Path log) {

  /** Runs to the end within {@code timeout}; a non-zero exit fails the test with the output. */
  String run(Duration timeout) {
    String output = attempt(timeout);
    if (output == null) {
      throw new AssertionError(String.join(" ", argv) + " failed; see " + log);
    }
    return output;
  }

  /** Runs to the end within {@code timeout}; its output, or null if it failed. */
  String attempt(Duration timeout) {
    try {
      Files.createDirectories(log.getParent());
      Path output = Files.createTempFile(log.getParent(), "command", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile());
      // A null value takes the variable away.
      environment.forEach(
          (name, value) -> {
            if (value == null) {
              builder.environment().remove(name);
            } else {
              builder.environment().put(name, value);
            }
          });
      long started = System.nanoTime();
      Process process = builder.start();
      boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      Files.delete(output);
      String took = String.format("%.1f s", (System.nanoTime() - started) / 1e9);
      String outcome = ended ? "exit " + process.exitValue() : "killed after " + timeout;
      String record =
          "$ " + String.join(" ", argv) + "\n" + text + "(" + outcome + ", " + took + ")\n";
      Files.writeString(
          log,
          record,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      System.out.print(record);
      return ended && process.exitValue() == 0 ? text : null;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + argv, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + argv, e);
    }
  }
}
