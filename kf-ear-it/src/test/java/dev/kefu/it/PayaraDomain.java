package dev.kefu.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A Payara Server domain of the test's own under a work folder: free ports (one port base for all
 * of them), its own HOME for the files asadmin keeps there, and every listener on loopback. Its
 * folder, with {@code logs/server.log}, stays after the run for reading.
 */
final class PayaraDomain {

  static final String NAME = "kf-ear-it";
  private static final int ADMIN = 48;
  private static final int HTTP = 80;
  // The offsets from the port base that create-domain gives its listeners (debugger, IIOP, admin,
  // data grid, OSGi shell, JMS, HTTP, HTTPS, JMX).
  private static final int[] OFFSETS = {9, 37, 38, 39, ADMIN, 49, 59, 66, 76, HTTP, 81, 86};
  private static final Duration ASADMIN_TIMEOUT = Duration.ofMinutes(4);

  private final Path payaraHome;
  private final Path work;
  private int portBase;

  PayaraDomain(Path payaraHome, Path work) {
    this.payaraHome = payaraHome;
    this.work = work;
  }

  int adminPort() {
    return portBase + ADMIN;
  }

  int httpPort() {
    return portBase + HTTP;
  }

  Path asadmin() {
    return payaraHome.resolve("bin/asadmin");
  }

  Path folder() {
    return work.resolve("domains").resolve(NAME);
  }

  Path serverLog() {
    return folder().resolve("logs/server.log");
  }

  /**
   * What every program that talks to this domain runs with: its own HOME (asadmin keeps {@code
   * .gfclient} there), the domain's admin port, and none of the caller's own asadmin or Kefu
   * settings.
   */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    System.getenv().keySet().stream()
        .filter(name -> name.startsWith("AS_ADMIN_") || name.startsWith("KF_"))
        .forEach(name -> env.put(name, null));
    env.put("HOME", work.resolve("home").toString());
    env.put("AS_ADMIN_HOST", "127.0.0.1");
    env.put("AS_ADMIN_PORT", Integer.toString(adminPort()));
    return env;
  }

  /**
   * Creates the domain afresh, in place of any that an earlier run left. create-domain now and then
   * fails with no more than "CLI130: Could not create domain" while other servers start beside it
   * (a port of the chosen base taken between the check and the creation, it seems); it is tried
   * again on another port base, its details in the log ({@code AS_DEBUG}).
   */
  void create() {
    kill(); // a server left by an earlier run that died before it could stop it
    for (int attempt = 1; ; attempt++) {
      delete(folder());
      mkdirs(work.resolve("home"));
      portBase = freePortBase();
      Command plain =
          asadminCommand(
              "create-domain",
              "--domaindir",
              work.resolve("domains").toString(),
              "--portbase",
              Integer.toString(portBase),
              "--nopassword=true",
              NAME);
      Map<String, String> debug = new HashMap<>(plain.environment());
      debug.put("AS_DEBUG", "true"); // a failure says why, not only that it failed
      Command creation = new Command(plain.argv(), debug, plain.log());
      if (attempt == CREATE_ATTEMPTS) {
        creation.run(ASADMIN_TIMEOUT);
        break;
      }
      if (creation.attempt(ASADMIN_TIMEOUT) != null) {
        break;
      }
    }
    bindToLoopback();
  }

  private static final int CREATE_ATTEMPTS = 3;

  void start() {
    asadmin("start-domain", "--domaindir", work.resolve("domains").toString(), NAME);
  }

  /** Stops the server, by force if it does not stop by itself. Safe to call more than once. */
  void stop() {
    if (Files.exists(folder())) {
      asadminCommand("stop-domain", "--domaindir", work.resolve("domains").toString(), NAME)
          .attempt(Duration.ofMinutes(2));
    }
    kill();
  }

  private String asadmin(String... arguments) {
    return asadminCommand(arguments).run(ASADMIN_TIMEOUT);
  }

  private Command asadminCommand(String... arguments) {
    List<String> argv = new ArrayList<>();
    argv.add(asadmin().toString());
    argv.add("--interactive=false");
    argv.addAll(List.of(arguments));
    return new Command(argv, environment(), work.resolve("asadmin.log"));
  }

  /** Ends the server process at once, if it runs. */
  void kill() {
    serverProcess()
        .ifPresent(
            server -> {
              server.destroy();
              try {
                server.onExit().get(30, TimeUnit.SECONDS);
              } catch (TimeoutException | ExecutionException e) {
                server.destroyForcibly();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.destroyForcibly();
              }
            });
  }

  private Optional<ProcessHandle> serverProcess() {
    Path pid = folder().resolve("config/pid");
    try {
      if (!Files.exists(pid)) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
          .filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Puts every listener of the server on loopback before its first start, so that the test server
   * is never reachable from the network: the HTTP and admin listeners (which listen everywhere by
   * default), IIOP, JMX and the data grid.
   */
  private void bindToLoopback() {
    Path domainXml = folder().resolve("config/domain.xml");
    String xml = read(domainXml);
    xml = replace(xml, "address=\"0.0.0.0\"", "address=\"127.0.0.1\"");
    xml = replace(xml, "<network-listener port=", "<network-listener address=\"127.0.0.1\" port=");
    xml =
        replace(
            xml,
            "<hazelcast-runtime-configuration ",
            "<hazelcast-runtime-configuration das-bind-address=\"127.0.0.1\" interface=\"127.0.0.1\" ");
    // Without this the data grid listens on every interface whatever its configured address.
    xml =
        replace(
            xml,
            "<jvm-options>-Dosgi.shell.telnet.ip=127.0.0.1</jvm-options>",
            "<jvm-options>-Dosgi.shell.telnet.ip=127.0.0.1</jvm-options>"
                + "<jvm-options>-Dhazelcast.socket.bind.any=false</jvm-options>"
                + testServerJvm());
    try {
      Files.writeString(domainXml, xml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test servers' JVM options (the root POM's kf.test.server.jvm), as domain.xml has them. */
  private static String testServerJvm() {
    StringBuilder options = new StringBuilder();
    for (String option : System.getProperty("kf.test.server.jvm", "").trim().split("\\s+")) {
      if (!option.isEmpty()) {
        options.append("<jvm-options>").append(option).append("</jvm-options>");
      }
    }
    return options.toString();
  }

  private static String replace(String xml, String what, String with) {
    if (!xml.contains(what)) {
      throw new AssertionError(
          "domain.xml has no " + what + "; has Payara changed its domain template?");
    }
    return xml.replace(what, with);
  }

  /** A port base whose every listener port is free now. */
  private static int freePortBase() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 100 * ThreadLocalRandom.current().nextInt(200, 600);
      if (Arrays.stream(OFFSETS).allMatch(offset -> free(base + offset))) {
        return base;
      }
    }
    throw new AssertionError("no free port base between 20000 and 60000");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mkdirs(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
