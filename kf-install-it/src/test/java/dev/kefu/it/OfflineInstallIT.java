package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kefu.it.OfflineHost.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The offline bundle installed as an operator would, on a host without network (a network namespace
 * with loopback only, its own MariaDB in it): {@code install.sh} into a fresh folder, a dry run
 * first and a second run after, the server started the way the systemd unit it wrote says, nginx
 * with the site it wrote, and a browser chatting through nginx over HTTPS and WSS. The folders stay
 * under {@code target/install-it}, the screenshots under {@code target/screenshots}.
 *
 * <p>The server runs as the user running the test ({@code --user}); the account install.sh creates
 * by default is left out so that the test does not add an account to the machine.
 */
@TestMethodOrder(OrderAnnotation.class)
class OfflineInstallIT {

  private static final Duration INSTALL = Duration.ofMinutes(8);
  private static final Duration READY = Duration.ofMinutes(5);
  private static final String DB_PASSWORD = "offline-db-secret";

  private static final Path BUNDLE = Path.of(property("kf.install-it.bundle"));
  private static final Path NODE = Path.of(property("kf.install-it.node"));
  private static final Path WORK = Path.of(property("kf.install-it.work"));
  private static final Path SCREENSHOTS = Path.of(property("kf.install-it.screenshots"));

  /** The fresh folder: the unpacked bundle and, after the installation, what it made. */
  private static final Path ROOT = WORK.resolve("fresh");

  private static final Path PREFIX = ROOT.resolve("opt/kefu");
  private static final Path UNITS = ROOT.resolve("etc/systemd/system");
  private static final Path SITES = ROOT.resolve("etc/nginx/conf.d");
  private static final Path UNIT = UNITS.resolve("kefu.service");
  private static final Path SITE = SITES.resolve("kefu.conf");
  private static final Path CERTIFICATE = PREFIX.resolve("etc/tls/kefu.crt");

  private static OfflineHost host;
  private static Path bundle;
  private static String adminPassword;

  @BeforeAll
  static void offlineHostWithItsOwnDatabase() throws IOException {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "the offline host is a network namespace, which only root can make");
    assertThat(BUNDLE).as("the offline bundle, built by kf-bundle").isRegularFile();
    deleteRecursively(WORK);
    deleteRecursively(SCREENSHOTS);
    Files.createDirectories(ROOT);
    host = OfflineHost.create("kf-offline-" + ProcessHandle.current().pid(), WORK.resolve("logs"));
    startMariaDb();
    Result unpacked =
        host.run(
            Map.of(),
            Duration.ofMinutes(2),
            "tar",
            "-C",
            ROOT.toString(),
            "-xzf",
            BUNDLE.toString());
    assertThat(unpacked.exit()).as("tar: %s", unpacked.output()).isZero();
    try (Stream<Path> entries = Files.list(ROOT)) {
      bundle = entries.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  @AfterAll
  static void stopEverything() {
    if (host == null) {
      return;
    }
    try {
      if (Files.exists(UNIT)) {
        host.run(
            unitEnvironment(), Duration.ofMinutes(2), commandOf("ExecStop").toArray(String[]::new));
      }
    } catch (IOException | RuntimeException e) {
      System.out.println("stopping the domain: " + e);
    } finally {
      host.close();
    }
  }

  @Test
  @Order(1)
  void theHostHasNoNetworkButLoopback() {
    Result links = host.run(Map.of(), Duration.ofSeconds(30), "ip", "-o", "link", "show");
    assertThat(links.output().lines()).singleElement().asString().contains(": lo:");
    Result routes = host.run(Map.of(), Duration.ofSeconds(30), "ip", "route", "show");
    assertThat(routes.output()).as("IPv4 routes of the offline host").isBlank();
  }

  @Test
  @Order(2)
  void aMissingSettingEndsTheInstallationWithOneSentence() {
    Result refused = install(Map.of("KF_DB_URL", ""));
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.output().strip())
        .isEqualTo(
            "install: set KF_DB_URL (jdbc:mariadb://HOST:3306/DATABASE) in the environment or a"
                + " --config file");
    assertThat(ROOT.resolve("opt")).doesNotExist();
  }

  @Test
  @Order(3)
  void aDryRunSaysWhatItWouldDoAndChangesNothing() throws IOException {
    Result dry = install(Map.of(), "--dry-run");
    assertThat(dry.exit()).as(dry.output()).isZero();
    assertThat(dry.output())
        .contains("install: dry run: nothing is changed")
        .contains("would unpack Payara Server")
        .contains("would create the Payara domain kefu (HTTP 127.0.0.1:8080, admin 127.0.0.1:4848")
        .contains("would set up the domain for MariaDB at jdbc:mariadb://127.0.0.1:3306/kefu")
        .contains("would write " + UNIT)
        .contains("would write " + SITE)
        .containsPattern("install: dry run done: \\d+ change\\(s\\) would be made");
    try (Stream<Path> entries = Files.list(ROOT)) {
      assertThat(entries.toList()).as("the fresh folder after a dry run").containsExactly(bundle);
    }
  }

  @Test
  @Order(4)
  void aWrongDatabasePasswordEndsTheInstallationWithOneSentenceAndStopsTheDomain()
      throws IOException {
    Result refused = install(Map.of("KF_DB_PASSWORD", "not-the-password"));
    assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
    assertThat(refused.output())
        .contains(
            "install: setting up the domain failed: setup-domain: the domain cannot connect to"
                + " jdbc:mariadb://127.0.0.1:3306/kefu as kefu")
        .contains("install: stopping the domain started for its set-up");
    Path pid = PREFIX.resolve("domains/kefu/config/pid");
    if (Files.exists(pid)) {
      assertThat(ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())))
          .as("the domain's process after the refusal")
          .matches(process -> process.isEmpty() || !process.get().isAlive());
    }
  }

  @Test
  @Order(5)
  void theInstallationPutsPayaraTheDomainTheUnitAndTheSiteInPlace() throws IOException {
    Result installed = install(Map.of());
    assertThat(installed.exit()).as(installed.output()).isZero();
    Matcher signIn = Pattern.compile("First sign-in: +admin / (\\S+)").matcher(installed.output());
    assertThat(signIn.find())
        .as("the first admin's password is shown: %s", installed.output())
        .isTrue();
    adminPassword = signIn.group(1);
    assertThat(PREFIX.resolve("etc/first-admin-password"))
        .content()
        .isEqualToIgnoringNewLines(adminPassword);

    // Secrets are readable by their owner only.
    for (String secret :
        List.of("etc/kefu.env", "etc/data-key", "etc/first-admin-password", "etc/tls/kefu.key")) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(PREFIX.resolve(secret))))
          .as(secret)
          .isEqualTo("rw-------");
    }
    assertThat(PREFIX.resolve("etc/kefu.env")).content().contains("KF_DB_PASSWORD=" + DB_PASSWORD);
    // Payara's listeners are on loopback only: nginx is the way in.
    assertThat(PREFIX.resolve("domains/kefu/config/domain.xml"))
        .content()
        .doesNotContain("0.0.0.0")
        .contains("address=\"127.0.0.1\" port=\"8080\"");
    assertThat(UNIT)
        .content()
        .contains("User=" + System.getProperty("user.name"))
        .contains("ExecStart=" + PREFIX + "/payara6/bin/asadmin --interactive=false start-domain")
        .contains("PIDFile=" + PREFIX + "/domains/kefu/config/pid");
    assertThat(SITE)
        .content()
        .contains("listen 443 ssl;")
        .contains("server 127.0.0.1:8080;")
        .contains("proxy_set_header Upgrade $http_upgrade;")
        .contains("ssl_certificate     " + CERTIFICATE + ";");
  }

  @Test
  @Order(6)
  void aSecondRunFindsNothingToDo() throws IOException {
    Map<Path, String> before = digests();
    Result again = install(Map.of("KF_DB_PASSWORD", ""));
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output())
        .contains("install: nothing to do: Kefu is installed as this bundle has it");
    assertThat(digests()).as("the files after a second run").isEqualTo(before);
  }

  @Test
  @Order(7)
  void theServerStartsAsTheUnitSaysAndNginxServesItOverHttps()
      throws IOException, InterruptedException {
    Result started =
        host.run(unitEnvironment(), READY, commandOf("ExecStart").toArray(String[]::new));
    assertThat(started.exit()).as("ExecStart: %s", started.output()).isZero();

    Path nginx = WORK.resolve("nginx");
    Files.createDirectories(nginx.resolve("logs"));
    Files.writeString(
        nginx.resolve("nginx.conf"),
        String.join(
            "\n",
            "# The host's nginx.conf, as Debian's includes conf.d/*.conf in its http block.",
            "worker_processes 1;",
            "pid " + nginx.resolve("nginx.pid") + ";",
            "error_log " + nginx.resolve("logs/error.log") + ";",
            "events { worker_connections 1024; }",
            "http {",
            "  access_log " + nginx.resolve("logs/access.log") + ";",
            "  client_body_temp_path " + nginx.resolve("body") + ";",
            "  proxy_temp_path " + nginx.resolve("proxy") + ";",
            "  include " + SITES + "/*.conf;",
            "}",
            ""),
        StandardCharsets.UTF_8);
    String[] nginxCommand = {
      "nginx", "-p", nginx.toString(), "-c", nginx.resolve("nginx.conf").toString()
    };
    Result checked = host.run(Map.of(), Duration.ofSeconds(30), append(nginxCommand, "-t"));
    assertThat(checked.exit()).as("nginx -t: %s", checked.output()).isZero();
    host.start("nginx", Map.of(), append(nginxCommand, "-g", "daemon off;"));

    // Through nginx, with the certificate install.sh made, checked against the name.
    Instant deadline = Instant.now().plus(READY);
    while (!curl("-o", "/dev/null", "-w", "%{http_code}", "https://localhost/api/v1/status")
            .output()
            .equals("200")
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(1000);
    }
    Result status = curl("https://localhost/api/v1/status");
    assertThat(status.output()).as("Kefu's status through nginx").contains("\"status\":\"up\"");
    assertThat(
            curl("-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "http://localhost/admin/")
                .output())
        .as("plain HTTP")
        .isEqualTo("301 https://localhost/admin/");
    assertThat(
            curl("-o", "/dev/null", "-w", "%{http_code}", "http://localhost/health/ready").output())
        .as("a load balancer's probe over plain HTTP")
        .isEqualTo("200");
  }

  @Test
  @Order(8)
  void aBrowserChatsThroughNginxOverWss() {
    Map<String, String> environment = new HashMap<>();
    environment.put("BASE_URL", "https://localhost");
    environment.put("ADMIN_PASSWORD", adminPassword);
    environment.put("NODE_EXTRA_CA_CERTS", CERTIFICATE.toString());
    environment.put("SCREENSHOTS", SCREENSHOTS.toString());
    Result story =
        host.run(
            environment,
            Duration.ofMinutes(10),
            "sh",
            "-c",
            "cd \"$0\" && exec node --test --test-reporter=spec tests/install/offline-wss.test.mjs",
            NODE.toString());
    System.out.println(story.output());
    assertThat(story.exit()).as("the browser story (its output above)").isZero();
  }

  /** Runs install.sh of the bundle with the test's settings, these overriding them. */
  private static Result install(Map<String, String> overrides, String... options) {
    Map<String, String> environment = new HashMap<>();
    environment.put("KF_DB_URL", "jdbc:mariadb://127.0.0.1:3306/kefu");
    environment.put("KF_DB_USER", "kefu");
    environment.put("KF_DB_PASSWORD", DB_PASSWORD);
    environment.put("KF_SERVER_NAME", "localhost");
    environment.putAll(overrides);
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "bash",
                bundle.resolve("install.sh").toString(),
                "--prefix",
                PREFIX.toString(),
                "--user",
                System.getProperty("user.name"),
                "--systemd-dir",
                UNITS.toString(),
                "--nginx-dir",
                SITES.toString()));
    command.addAll(List.of(options));
    // An empty value stands for "not set": install.sh then reads PREFIX/etc/kefu.env.
    environment.values().removeIf(String::isEmpty);
    return host.run(environment, INSTALL, command.toArray(String[]::new));
  }

  private static Result curl(String... arguments) {
    String[] command = {"curl", "-sS", "--max-time", "10", "--cacert", CERTIFICATE.toString()};
    return host.run(Map.of(), Duration.ofSeconds(30), append(command, arguments));
  }

  /**
   * The MariaDB of the offline host, on its own 127.0.0.1:3306, with Kefu's database and account.
   */
  private static void startMariaDb() {
    Path folder = WORK.resolve("mariadb");
    String socket = folder.resolve("mariadb.sock").toString();
    Result created =
        host.run(
            Map.of(),
            Duration.ofMinutes(2),
            "mariadb-install-db",
            "--no-defaults",
            "--datadir=" + folder.resolve("data"),
            "--user=root",
            "--auth-root-authentication-method=normal",
            "--skip-test-db");
    assertThat(created.exit()).as("mariadb-install-db: %s", created.output()).isZero();
    host.start(
        "mariadbd",
        Map.of(),
        "mariadbd",
        "--no-defaults",
        "--datadir=" + folder.resolve("data"),
        "--port=3306",
        "--bind-address=127.0.0.1",
        "--socket=" + socket,
        "--user=root",
        "--log-error=" + folder.resolve("mariadb.err"),
        "--innodb-buffer-pool-size=128M");
    String sql =
        "CREATE DATABASE kefu; CREATE USER 'kefu'@'127.0.0.1' IDENTIFIED BY '"
            + DB_PASSWORD
            + "'; GRANT ALL ON kefu.* TO 'kefu'@'127.0.0.1';";
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    Result account;
    do {
      account =
          host.run(
              Map.of(),
              Duration.ofSeconds(30),
              "mariadb",
              "--no-defaults",
              "--socket=" + socket,
              "-uroot",
              "-e",
              sql);
    } while (account.exit() != 0 && Instant.now().isBefore(deadline) && pause());
    assertThat(account.exit()).as("the database and its account: %s", account.output()).isZero();
  }

  private static boolean pause() {
    try {
      Thread.sleep(250);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The command of one of the unit's Exec lines. */
  private static List<String> commandOf(String key) throws IOException {
    return List.of(unitValues(key).get(0).split(" "));
  }

  /** The unit's Environment= lines. */
  private static Map<String, String> unitEnvironment() throws IOException {
    Map<String, String> environment = new HashMap<>();
    for (String assignment : unitValues("Environment")) {
      environment.put(
          assignment.substring(0, assignment.indexOf('=')),
          assignment.substring(assignment.indexOf('=') + 1));
    }
    return environment;
  }

  private static List<String> unitValues(String key) throws IOException {
    return Files.readAllLines(UNIT).stream()
        .filter(line -> line.startsWith(key + "="))
        .map(line -> line.substring(key.length() + 1))
        .toList();
  }

  /** SHA-256 of every file install.sh writes or keeps, but the logs the server writes. */
  private static Map<Path, String> digests() throws IOException {
    Map<Path, String> digests = new TreeMap<>();
    for (Path folder : List.of(PREFIX.resolve("etc"), PREFIX.resolve("lib"), UNITS, SITES)) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          digests.put(file, sha256(file));
        }
      }
    }
    Path domain = PREFIX.resolve("domains/kefu");
    for (Path file :
        List.of(domain.resolve("config/domain.xml"), domain.resolve(".kefu-deployed"))) {
      digests.put(file, sha256(file));
    }
    return digests;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] append(String[] command, String... more) {
    return Stream.concat(Stream.of(command), Stream.of(more)).toArray(String[]::new);
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set (run through Maven)");
    }
    return value;
  }
}
