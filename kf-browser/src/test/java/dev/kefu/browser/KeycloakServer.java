package dev.kefu.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} zip, unpacked by the build) started in
 * development mode on loopback with Kefu's realm file imported as it ships in {@code
 * server-config/keycloak}. The realm's secrets and Kefu's address are placeholders of that file,
 * filled from the environment here as an IT team would fill them. Development mode keeps its
 * database under the unpacked server; it is deleted first, so every run imports the realm afresh,
 * while Keycloak's own build (the slow part of its first start) is kept between runs.
 */
final class KeycloakServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  static final String REALM = "kf";

  /** Keycloak's own administrator; the password is the demo users' one. */
  static final String ADMIN = "keycloak-admin";

  private final Process process;
  private final URI baseUrl;
  private final Path log;

  private KeycloakServer(Process process, URI baseUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
  }

  /**
   * @param home the unpacked Keycloak
   * @param realmFile {@code kf-realm.json}
   * @param settings the placeholders of the realm file ({@code KF_OIDC_CLIENT_SECRET} …)
   */
  static KeycloakServer start(Path home, Path realmFile, Path work, Map<String, String> settings)
      throws IOException, InterruptedException {
    Path imports = home.resolve("data/import");
    KefuServer.deleteRecursively(home.resolve("data/h2"));
    KefuServer.deleteRecursively(imports);
    Files.createDirectories(imports);
    Files.copy(realmFile, imports.resolve("kf-realm.json"));
    int port = KefuServer.freePort();
    int management = KefuServer.freePort();
    Path log = work.resolve("keycloak.log");
    ProcessBuilder builder =
        new ProcessBuilder(
            "bash",
            home.resolve("bin/kc.sh").toString(),
            "start-dev",
            "--http-host=127.0.0.1",
            "--http-port=" + port,
            "--http-management-port=" + management,
            "--import-realm");
    builder.environment().putAll(settings);
    // The test servers' JVM options (the root POM's kf.test.server.jvm), which kc.sh adds.
    builder.environment().put("JAVA_OPTS_APPEND", System.getProperty("kf.test.server.jvm", ""));
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.get("KF_DEMO_PASSWORD"));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    KeycloakServer server =
        new KeycloakServer(builder.start(), URI.create("http://127.0.0.1:" + port), log);
    try {
      server.awaitRealm();
    } catch (RuntimeException | InterruptedException e) {
      server.printLog();
      server.close();
      throw e;
    }
    return server;
  }

  URI baseUrl() {
    return baseUrl;
  }

  /** The issuer of the realm's tokens, as Kefu is configured with it. */
  String issuer() {
    return baseUrl + "/realms/" + REALM;
  }

  private void awaitRealm() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest discovery =
        HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant started = Instant.now();
    while (Duration.between(started, Instant.now()).compareTo(START_TIMEOUT) < 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with code " + process.exitValue() + " before the realm was ready");
      }
      try {
        if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          System.out.printf(
              "Keycloak is up at %s after %d s (log: %s)%n",
              baseUrl, Duration.between(started, Instant.now()).toSeconds(), log);
          return;
        }
      } catch (IOException notYet) {
        // Still building or starting.
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("Keycloak's realm did not answer in " + START_TIMEOUT);
  }

  void printLog() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      System.out.println("---- last lines of " + log + " ----");
      lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
      System.out.println("----");
    } catch (IOException e) {
      System.out.println("(cannot read " + log + ": " + e + ")");
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      KefuServer.killTree(process);
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
