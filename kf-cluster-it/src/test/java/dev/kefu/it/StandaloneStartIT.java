package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.browser.KefuServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code bin/kefu-server} says when Kefu cannot start, as an operator meets it: each failure
 * ends the command within a minute, with its own exit status and one sentence that names the cause
 * (docs/operations.md). And a start on a MariaDB account without a password, whose console is
 * Kefu's own and fits on one screen.
 *
 * <p>The port and the database are checked before the application server boots, so those cases cost
 * seconds; the failed deployment boots Payara Micro once, with a WAR whose {@code web.xml} does not
 * parse, and the server is then left answering nothing of Kefu's.
 */
class StandaloneStartIT {

  private static final int WITHIN_SECONDS = 60;
  private static final String DATA_KEY = "ixb7yH1ue6W6kC0W5Q3Pq4kPXq0hYj4x9lR2fA8hK1s=";
  private static final Path RUNTIME = Path.of(System.getProperty("kf.cluster-it.runtime"));
  private static final Path WORK =
      Path.of(System.getProperty("kf.cluster-it.work")).resolve("standalone-start");
  private static final Path SCRIPT = Path.of(System.getProperty("kf.cluster-it.server"));
  private static final String MARIADB = System.getProperty("kf.cluster-it.mariadb");
  private static final String DATABASE = System.getProperty("kf.cluster-it.database") + "_start";

  @AfterAll
  static void dropDatabase() throws Exception {
    try (Connection root = DriverManager.getConnection(MARIADB, "root", "");
        var sql = root.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
    }
  }

  @Test
  void aPortInUseIsNamed() throws Exception {
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      startOnTakenPort("port-in-use", other.getLocalPort());
    }
  }

  /**
   * A port that another program holds without answering on it passes the script's first look; the
   * application server's bind then fails, and the script reads that in its log.
   */
  @Test
  void aPortHeldWithoutAnsweringIsNamedFromTheServersBindFailure() throws Exception {
    try (Socket holder = new Socket()) {
      holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Ended ended = startOnTakenPort("port-held", holder.getLocalPort());
      assertThat(ended.console)
          .as("the server was started, and its log named")
          .anySatisfy(line -> assertThat(line).startsWith("kefu-server: the server's log: "));
    }
  }

  private static Ended startOnTakenPort(String name, int port) throws Exception {
    Ended ended =
        run(name, RUNTIME.resolve("shipped.war"), Map.of("KF_HTTP_PORT", Integer.toString(port)));
    ended.endsWith(
        4,
        "kefu-server: Kefu cannot start: port "
            + port
            + " on 127.0.0.1 is already in use by another program");
    return ended;
  }

  @Test
  void anUnreachableDatabaseIsNamed() throws Exception {
    int closed = KefuServer.freePort();
    Ended ended =
        run(
            "database-unreachable",
            RUNTIME.resolve("shipped.war"),
            mariaDb("jdbc:mariadb://127.0.0.1:" + closed + "/kefu", "root", "secret"));
    ended.endsWith(
        5, "kefu-server: Kefu cannot reach its database at jdbc:mariadb://127.0.0.1:" + closed);
  }

  @Test
  void aWrongDatabasePasswordIsNamed() throws Exception {
    Ended ended =
        run(
            "database-password",
            RUNTIME.resolve("shipped.war"),
            mariaDb(databaseUrl(), "root", "not-the-password"));
    ended.endsWith(6, "refused the user 'root' or its password");
  }

  @Test
  void aFailedDeploymentEndsTheServerInsteadOfLeavingItAnswering404() throws Exception {
    // Beside payara-micro.jar, where bin/kefu-server looks for it.
    Path broken = RUNTIME.resolve("broken.war");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(broken))) {
      zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
      zip.write("<web-app><servlet>".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    Ended ended = run("failed-deployment", broken, Map.of());
    ended.endsWith(1, "kefu-server: Kefu's application failed to deploy");
    assertThat(ended.console)
        .as("the cause, from the server's log")
        .anySatisfy(line -> assertThat(line).contains("web.xml"));
  }

  /**
   * A MariaDB account without a password (root on a developer's machine) works, and what the start
   * prints is Kefu's: its own lines and the ready message, on one screen. The first admin's
   * generated password is on that screen once, and neither in the server's log nor left on disk.
   */
  @Test
  void anEmptyDatabasePasswordStartsKefuWithItsOwnLinesOnOneScreen() throws Exception {
    dropDatabase(); // a first start: the admin's password is generated
    Path work = Files.createDirectories(WORK.resolve("empty-password"));
    List<String> console;
    try (KefuServer server =
        KefuServer.start(
            SCRIPT,
            RUNTIME.resolve("shipped.war"),
            work,
            "",
            KefuServer.freePort(),
            mariaDb(databaseUrl(), "root", ""))) {
      console = awaitReadyMessage(server.log());
      assertThat(server.serverLog())
          .as("the application server's whole log, kept in the data directory")
          .content(StandardCharsets.UTF_8)
          .contains("Payara Micro", "ready in");

      // The generated password is shown once on the console, and nowhere else.
      String signIn =
          console.stream()
              .filter(line -> line.contains("Sign in as:"))
              .findFirst()
              .orElseThrow()
              .replaceFirst(".*Sign in as: *admin / ", "");
      assertThat(signIn).endsWith("(made on this first start and shown only now)");
      String password = signIn.substring(0, signIn.indexOf(' '));
      assertThat(password).hasSizeGreaterThanOrEqualTo(12);
      assertThat(server.serverLog()).content(StandardCharsets.UTF_8).doesNotContain(password);
      assertThat(work.resolve("kefu-data").resolve("first-admin-password")).doesNotExist();
      Kefu kefu = new Kefu(server.baseUrl().toURL());
      java.net.http.HttpResponse<String> me =
          kefu.send(
              java.net.http.HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/me"))
                  .header("Authorization", Kefu.basic("admin", password)));
      assertThat(me.statusCode()).as("the shown password signs in: %s", me.body()).isEqualTo(200);
    }
    List<String> firstScreen = console.subList(0, console.indexOf("Stop with Ctrl-C.") + 1);
    assertThat(firstScreen)
        .as("the start up to the ready message")
        .hasSizeLessThanOrEqualTo(25)
        .anySatisfy(line -> assertThat(line).startsWith("Kefu is ready after"))
        .anySatisfy(line -> assertThat(line).contains("database schema on mariadb is at version"))
        .anySatisfy(line -> assertThat(line).contains("Sign in as:"))
        .anySatisfy(line -> assertThat(line).contains("kefu-data/logs/server.log"))
        .noneSatisfy(line -> assertThat(line).startsWith("[20"));
  }

  /** The console up to now, once the script printed its ready message (after the API answered). */
  private static List<String> awaitReadyMessage(Path console) throws Exception {
    for (int attempt = 0; attempt < 30; attempt++) {
      List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
      if (lines.contains("Stop with Ctrl-C.")) {
        return lines;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("no ready message in " + console);
  }

  private static String databaseUrl() {
    return MARIADB + DATABASE + "?createDatabaseIfNotExist=true";
  }

  private static Map<String, String> mariaDb(String url, String user, String password) {
    return Map.of(
        "KF_DB_URL", url, "KF_DB_USER", user, "KF_DB_PASSWORD", password, "KF_DATA_KEY", DATA_KEY);
  }

  /** Runs the script until it ends on its own, at most a minute; kills it should it not. */
  private static Ended run(String name, Path war, Map<String, String> settings)
      throws IOException, InterruptedException {
    Path work = Files.createDirectories(WORK.resolve(name));
    Path data = work.resolve("kefu-data");
    KefuServer.deleteRecursively(data);
    Path output = work.resolve("kefu-server.log");
    ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), war.toString());
    builder.environment().keySet().removeIf(variable -> variable.startsWith("KF_"));
    Map<String, String> environment = new HashMap<>();
    environment.put("KF_HTTP_PORT", Integer.toString(KefuServer.freePort()));
    environment.put("KF_DATA_DIR", data.toString());
    environment.put("KF_ADMIN_PASSWORD", Kefu.ADMIN_PASSWORD);
    environment.put("TMPDIR", Files.createDirectories(work.resolve("tmp")).toString());
    environment.putAll(settings);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true).redirectOutput(output.toFile());
    Process process = builder.start();
    boolean ended = process.waitFor(WITHIN_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      KefuServer.killTree(process);
    }
    List<String> console = Files.readAllLines(output, StandardCharsets.UTF_8);
    console.forEach(line -> System.out.println("[" + name + "] " + line));
    assertThat(ended).as("bin/kefu-server ended within %d s (%s)", WITHIN_SECONDS, output).isTrue();
    return new Ended(process.exitValue(), console);
  }

  private record Ended(int status, List<String> console) {

    /** Ends with the status and one sentence that starts (or contains) as given. */
    void endsWith(int expected, String sentence) {
      assertThat(status).as("exit status of bin/kefu-server").isEqualTo(expected);
      assertThat(console.stream().filter(line -> line.startsWith("kefu-server: ")))
          .as("what the script said")
          .anySatisfy(line -> assertThat(line).contains(sentence).endsWith("."));
    }
  }
}
