package dev.kefu.it;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Kefu's EAR on a fresh Payara Server domain with a MariaDB database of its own, set up by {@code
 * server-config/payara/setup-domain.sh} exactly as the deployment guide tells operators to. The
 * domain is stopped and the database dropped after the test class, whatever happened; the domain's
 * folder with its logs stays under {@code target/ear-it}.
 */
final class KefuOnPayaraServer implements BeforeAllCallback, AfterAllCallback {

  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  private final Path work = Path.of(property("kf.ear-it.work"));
  private final PayaraDomain domain =
      new PayaraDomain(Path.of(property("kf.ear-it.payara.home")), work);
  private final MariaDbDatabase database =
      new MariaDbDatabase(
          property("kf.ear-it.mariadb.url"),
          property("kf.ear-it.mariadb.user"),
          System.getProperty("kf.ear-it.mariadb.password", ""));
  // Ends the server and drops the database when the JVM is ended before afterAll (Failsafe's
  // timeout, Ctrl-C).
  private final Thread cleanUpOnExit = new Thread(this::cleanUpAtOnce, "kf-ear-it clean-up");

  /** Where Kefu answers: {@code http://127.0.0.1:PORT/}. */
  URL base() {
    try {
      return URI.create("http://127.0.0.1:" + domain.httpPort() + "/").toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  Path serverLog() {
    return domain.serverLog();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws InterruptedException {
    // JUnit calls afterAll also when this fails half way, and both of its steps allow for that.
    long started = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
    database.create();
    domain.create();
    domain.start();
    setUpDomainAndDeploy();
    awaitStatus();
    System.out.printf(
        "Kefu ready on Payara Server at %s after %.0f s (server log: %s)%n",
        base(), (System.nanoTime() - started) / 1e9, serverLog());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      domain.stop();
    } finally {
      database.drop();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
      } catch (IllegalStateException exiting) {
        // The JVM is on its way out; the hook runs anyway, and finds nothing left to do.
      }
    }
  }

  private void cleanUpAtOnce() {
    // asadmin or the setup script may be running still.
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    domain.kill();
    database.drop();
  }

  /**
   * The script of server-config/payara, given only what an operator gives it; it finds the MariaDB
   * driver beside the EAR, as in kf-ear/target.
   */
  private void setUpDomainAndDeploy() {
    Map<String, String> env = domain.environment();
    env.put("ASADMIN", domain.asadmin().toString());
    env.put("KF_DB_URL", database.url());
    env.put("KF_DB_USER", database.user);
    env.put("KF_DB_PASSWORD", database.password);
    env.put("KF_ADMIN_PASSWORD", Kefu.ADMIN_PASSWORD);
    // A key for this test's database only.
    env.put("KF_DATA_KEY", newDataKey());
    new Command(
            List.of("bash", property("kf.ear-it.setup-script"), property("kf.ear-it.ear")),
            env,
            work.resolve("setup-domain.log"))
        .run(SETUP_TIMEOUT);
  }

  private void awaitStatus() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest status =
        HttpRequest.newBuilder(URI.create(base() + "api/v1/status"))
            .timeout(Duration.ofSeconds(10))
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = http.send(status, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode();
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "GET /api/v1/status did not answer 200 within " + READY_TIMEOUT + " (" + last + ")");
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name + " is not set; run this test through Maven (mvn verify)");
    }
    return value;
  }

  /** A data key for this test's database only. */
  private static String newDataKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
