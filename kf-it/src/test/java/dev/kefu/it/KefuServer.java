package dev.kefu.it;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One Payara Micro with the shipped WAR (plus the test fixture) for all test classes of a run: the
 * classes talk to it as clients over HTTP and WebSocket and share its database, so a boot per class
 * would buy no isolation, only minutes. A class whose {@link Settings} differ (multi-tenancy) gets
 * a server of its own, which replaces the shared one; a server that no longer answers (a class
 * broke it on purpose) is replaced before the next class. Test classes take the server's address as
 * a {@link URL} parameter of their {@code @BeforeEach} method.
 *
 * <p>The server is started as {@code bin/kefu-server} does it: Payara Micro with the asadmin files
 * of the database under test, on a port the operating system gave. Its output goes to {@code
 * target/kf-it-server-<database>-<n>.log}.
 */
public final class KefuServer implements BeforeAllCallback, ParameterResolver, TestWatcher {

  /**
   * The shared server as a JUnit resource: classes that run beside others take it {@code READ}; a
   * class that breaks or replaces it takes it {@code READ_WRITE}, so it waits for them.
   */
  public static final String RESOURCE = "dev.kefu.it.KefuServer";

  /**
   * System properties the server of a test class is started with, as {@code name=value}; {@code
   * ${name}} in a value stands for the test run's system property of that name.
   */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  public @interface Settings {
    String[] value();
  }

  private static final Duration BOOT = Duration.ofMinutes(5);
  private static final Namespace NAMESPACE = Namespace.create(KefuServer.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static int started;
  private static final int WARNINGS_SHOWN = 15;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (KefuServer.class) { // classes that run side by side start one server
      ensureRunning(context);
    }
  }

  private static void ensureRunning(ExtensionContext context) throws Exception {
    List<String> settings = settingsOf(context.getRequiredTestClass());
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    Running running = store.get(Running.class, Running.class);
    if (running != null && (!running.settings.equals(settings) || !running.alive())) {
      store.remove(Running.class);
      running.close();
      running = null;
    }
    if (running == null) {
      store.put(Running.class, start(settings));
    }
  }

  /**
   * A failed test prints the server's last warnings: a failure seen only in a CI log can then be
   * told from a refusal, a lock wait or a failed write on the server's side.
   */
  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Running running = context.getRoot().getStore(NAMESPACE).get(Running.class, Running.class);
    if (running == null) {
      return;
    }
    try {
      List<String> lines = Files.readAllLines(running.log, java.nio.charset.StandardCharsets.UTF_8);
      List<String> warnings =
          lines.stream()
              .filter(line -> line.contains("WARNING") || line.contains("SEVERE"))
              .toList();
      System.out.println(
          "[kf-it] "
              + context.getDisplayName()
              + " failed; the server's last warnings ("
              + running.log.getFileName()
              + "):");
      warnings
          .subList(Math.max(0, warnings.size() - WARNINGS_SHOWN), warnings.size())
          .forEach(line -> System.out.println("[kf-it]   " + clipped(line)));
    } catch (IOException | RuntimeException unreadable) {
      System.out.println("[kf-it] the server's log could not be read: " + unreadable);
    }
  }

  private static String clipped(String line) {
    return line.length() <= 400 ? line : line.substring(0, 400) + "…";
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == URL.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).get(Running.class, Running.class).url;
  }

  /**
   * The asadmin file that makes the server's database. On H2, a server with settings of its own
   * gets a database of its own: the embedded database is a file one server at a time may use, and
   * one that a replaced server was stopped in the middle of writing is no place to start the next.
   */
  private static Path postboot(String database, List<String> settings, Path target)
      throws IOException {
    Path shared = Path.of(property("kf.it.postboot"));
    if (!"h2".equals(database) || settings.isEmpty()) {
      return shared;
    }
    String own = "-own" + (started + 1);
    Path copy = target.resolve("h2" + own + ".asadmin");
    Files.writeString(copy, Files.readString(shared).replace("/kefu;", own + "/kefu;"));
    return copy;
  }

  private static List<String> settingsOf(Class<?> testClass) {
    Settings settings = testClass.getAnnotation(Settings.class);
    return settings == null ? List.of() : List.of(settings.value());
  }

  /** When the shipped WAR or a class of the test fixture last changed. */
  private static java.nio.file.attribute.FileTime newestInput() throws Exception {
    java.nio.file.attribute.FileTime newest =
        Files.getLastModifiedTime(Path.of(property("kf.it.war")));
    Path fixture =
        Path.of(dev.kefu.it.fixture.TestFixture.class.getResource("TestFixture.class").toURI())
            .getParent();
    try (var classes = Files.list(fixture)) {
      for (Path file : (Iterable<Path>) classes::iterator) {
        java.nio.file.attribute.FileTime changed = Files.getLastModifiedTime(file);
        newest = changed.compareTo(newest) > 0 ? changed : newest;
      }
    }
    return newest;
  }

  private static Running start(List<String> settings) throws Exception {
    Path target = Path.of(property("kf.it.tmp"));
    String database = property("kf.it.database");
    Path war = target.resolve("kf-it-" + database + ".war");
    // Made again whenever the packaged WAR or the fixture is newer, so that a rebuild is what the
    // next run tests.
    if (!Files.exists(war) || Files.getLastModifiedTime(war).compareTo(newestInput()) < 0) {
      Deployments.standaloneWarWithFixture().as(ZipExporter.class).exportTo(war.toFile(), true);
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + target);
    // The test servers' JVM options (the root POM's kf.test.server.jvm), then the shared settings.
    for (String option :
        (System.getProperty("kf.test.server.jvm", "") + " " + property("kf.it.server.options"))
            .trim()
            .split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    settings.forEach(setting -> command.add("-D" + expanded(setting)));
    command.addAll(
        List.of(
            "-jar",
            property("kf.it.micro"),
            "--nohazelcast",
            "--port",
            Integer.toString(port),
            "--prebootcommandfile",
            property("kf.it.preboot"),
            "--addlibs",
            property("kf.it.driver"),
            "--postbootcommandfile",
            postboot(database, settings, target).toString(),
            "--deploy",
            war.toString(),
            "--contextroot",
            "/"));
    Path log = target.resolve("kf-it-server-" + database + "-" + ++started + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    Running running =
        new Running(process, new URL("http://127.0.0.1:" + port + "/"), settings, log);
    Instant deadline = Instant.now().plus(BOOT);
    while (!running.answers()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        running.close();
        throw new IllegalStateException(
            "Kefu did not start within "
                + BOOT
                + (process.isAlive() ? "" : " (exit status " + process.exitValue() + ")")
                + "; see "
                + log);
      }
      Thread.sleep(500);
    }
    return running;
  }

  /** The setting with each {@code ${name}} replaced by the test run's system property. */
  private static String expanded(String setting) {
    Matcher reference = Pattern.compile("\\$\\{([^}]+)}").matcher(setting);
    StringBuilder value = new StringBuilder();
    while (reference.find()) {
      reference.appendReplacement(value, Matcher.quoteReplacement(property(reference.group(1))));
    }
    return reference.appendTail(value).toString();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name + " is not set (see pom.xml)");
    }
    return value;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A started server; JUnit closes it when the run ends, or when another replaces it. */
  private record Running(Process process, URL url, List<String> settings, Path log)
      implements ExtensionContext.Store.CloseableResource {

    /** Answers within a few tries: one slow answer on a busy machine is no reason to replace it. */
    boolean alive() throws InterruptedException {
      for (int attempt = 0; attempt < 3; attempt++) {
        if (answers()) {
          return true;
        }
        Thread.sleep(1000);
      }
      return false;
    }

    boolean answers() {
      try {
        HttpResponse<Void> status =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "api/v1/status"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        return status.statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
