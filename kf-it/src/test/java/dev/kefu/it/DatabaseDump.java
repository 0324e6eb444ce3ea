package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The whole database under test as SQL text, as an operator's backup holds it: {@code mariadb-dump}
 * of the run's MariaDB database, or H2's {@code SCRIPT} of the embedded one (through the fixture,
 * since the running server holds its file).
 */
final class DatabaseDump {

  private DatabaseDump() {}

  static String of(Kefu kefu) {
    if (!"mariadb".equals(System.getProperty("kf.it.database"))) {
      return kefu.get("api/v1/it/embedded-database/script");
    }
    try {
      Process dump =
          new ProcessBuilder(
                  "mariadb-dump",
                  "--host=127.0.0.1",
                  "--user=root",
                  "--skip-extended-insert",
                  System.getProperty("kf.it.mariadb.database"))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(dump.waitFor(60, TimeUnit.SECONDS)).as("mariadb-dump ended").isTrue();
      assertThat(dump.exitValue()).as("exit status of mariadb-dump").isZero();
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("mariadb-dump could not be run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
