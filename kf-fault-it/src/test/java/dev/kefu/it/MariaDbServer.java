package dev.kefu.it;

import dev.kefu.browser.KefuServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB of the test's own: {@code mariadbd} on a throw-away data directory, a free loopback
 * port and a socket file of its own, with one database and one account (with a password, as
 * Payara's pool wants). It can be killed with SIGKILL, as a crash would end it, and started again
 * on the same data directory and port, where InnoDB recovers what was committed.
 */
final class MariaDbServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Path folder;
  private final int port;
  private final String database;
  private final String user;
  private final String password;
  private Process process;
  private Thread reaper;

  private MariaDbServer(Path folder, int port, String database, String user, String password) {
    this.folder = folder;
    this.port = port;
    this.database = database;
    this.user = user;
    this.password = password;
  }

  /** Makes a fresh data directory in {@code folder}, starts the server and creates the account. */
  static MariaDbServer install(Path folder, String database, String user, String password)
      throws IOException, InterruptedException {
    KefuServer.deleteRecursively(folder);
    Files.createDirectories(folder);
    MariaDbServer server =
        new MariaDbServer(folder, KefuServer.freePort(), database, user, password);
    Process install =
        new ProcessBuilder(
                executable("mariadb-install-db"),
                "--no-defaults",
                "--datadir=" + server.data(),
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db")
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("install.log").toFile())
            .start();
    if (!install.waitFor(2, TimeUnit.MINUTES) || install.exitValue() != 0) {
      install.destroyForcibly();
      throw new IllegalStateException("mariadb-install-db failed; see " + folder);
    }
    // Run at every start; the statements are written to be run again.
    Files.writeString(
        server.initFile(),
        String.join(
            "\n",
            "CREATE DATABASE IF NOT EXISTS " + database + ";",
            "CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + password + "';",
            "GRANT ALL ON " + database + ".* TO '" + user + "'@'%';",
            ""),
        StandardCharsets.UTF_8);
    server.start();
    return server;
  }

  /** Starts it (again) on its data directory and returns once the account can sign in. */
  void start() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable("mariadbd"));
    // No option files: the machine's own MariaDB settings (its socket, its port) are not ours.
    command.add("--no-defaults");
    command.add("--datadir=" + data());
    command.add("--port=" + port);
    command.add("--bind-address=127.0.0.1");
    command.add("--socket=" + folder.resolve("mariadb.sock"));
    command.add("--pid-file=" + folder.resolve("mariadb.pid"));
    // Tests run as root, and mariadbd refuses to run as root unless told to.
    command.add("--user=root");
    command.add("--init-file=" + initFile());
    command.add("--log-error=" + folder.resolve("mariadb.err"));
    command.add("--max-connections=500");
    command.add("--innodb-buffer-pool-size=128M");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("out.log").toFile()))
            .start();
    Process started = process;
    reaper = new Thread(started::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(reaper);
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (true) {
      try (Connection connection = connect()) {
        return;
      } catch (SQLException notYet) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "mariadbd did not start (" + notYet.getMessage() + "); see " + folder, notYet);
        }
      }
      Thread.sleep(100);
    }
  }

  /** Ends it with SIGKILL, as a crash would: no shutdown, nothing flushed but what InnoDB did. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("mariadbd " + process.pid() + " outlived SIGKILL");
    }
    Runtime.getRuntime().removeShutdownHook(reaper);
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  /** The JDBC URL of the test's database. */
  String url() {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url() + "?connectTimeout=2000", user, password);
  }

  private Path data() {
    return folder.resolve("data");
  }

  private Path initFile() {
    return folder.resolve("init.sql");
  }

  /** A server program from the path, or from the sbin folders that a user's path may lack. */
  private static String executable(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElseThrow(() -> new IllegalStateException(name + " is not installed (mariadb-server)"));
  }

  @Override
  public void close() throws InterruptedException {
    if (running()) {
      kill();
    }
  }
}
