package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.it.Kefu.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kf.ear on a real Payara Server with MariaDB, set up by the script of the deployment guide, does
 * what the standalone server does: the REST API, a whole conversation over both sockets with
 * resume, the admin console behind sign-in, and the web module's pages.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EarOnPayaraServerIT {

  @RegisterExtension static final KefuOnPayaraServer SERVER = new KefuOnPayaraServer();

  Kefu kefu;

  @BeforeEach
  void connect() {
    kefu = new Kefu(SERVER.base());
  }

  @Test
  void aVisitorAndAnAgentTalkAndAResumeDeliversWhatTheVisitorMissed() {
    try (Socket agent = kefu.agent("online");
        Visitor visitor = kefu.visitor()) {
      assertThat(visitor.welcome().json().getBoolean("online")).isTrue();

      visitor.socket().send(Kefu.send("你好, is my order on its way?"));
      Frame ack = visitor.socket().next("ack");
      assertThat(ack.number("seq")).isEqualTo(1);
      String conversationId = ack.string("conversationId");

      Frame conversation = agent.next("conversation");
      assertThat(conversation.object("conversation").getString("id")).isEqualTo(conversationId);
      Frame question = agent.next("msg");
      assertThat(question.number("seq")).isEqualTo(1);
      assertThat(question.string("text")).isEqualTo("你好, is my order on its way?");

      agent.send(agentSend(conversationId, "It ships today. 今天发货。"));
      assertThat(agent.next("ack").number("seq")).isEqualTo(2);
      Frame answer = visitor.socket().next("msg");
      assertThat(answer.number("seq")).isEqualTo(2);
      assertThat(answer.string("text")).isEqualTo("It ships today. 今天发货。");
      assertThat(answer.object("sender").getString("type")).isEqualTo("agent");

      // The visitor comes back having seen only the first message: the answer is sent again.
      visitor.socket().close();
      try (Socket resumed = kefu.visitorSocket()) {
        resumed.send(VisitorProtocolIT.hello(visitor.token(), conversationId, 1));
        List<Frame> replay = VisitorProtocolIT.framesUntilWelcome(resumed);
        assertThat(replay).extracting(f -> f.number("seq")).containsExactly(2L);
        assertThat(replay).extracting(f -> f.string("text")).containsExactly(answer.string("text"));
        Frame welcome = resumed.next("welcome");
        assertThat(welcome.object("conversation").getString("id")).isEqualTo(conversationId);
        assertThat(welcome.object("conversation").getInt("lastSeq")).isEqualTo(2);
      }

      // The agent console reads the same history over REST.
      JsonArray history =
          Json.createReader(
                  new StringReader(
                      kefu.get("api/v1/conversations/" + conversationId + "/messages?after=0")))
              .readArray();
      assertThat(history).extracting(m -> m.asJsonObject().getInt("seq")).containsExactly(1, 2);

      agent.send("{\"type\":\"close\",\"conversationId\":\"" + conversationId + "\"}");
      assertThat(agent.next("closed").string("conversationId")).isEqualTo(conversationId);
    }
  }

  @Test
  void theAdminConsoleShowsTheSitesToASignedInAdminAndSendsOthersToSignIn() {
    HttpResponse<String> anonymous = kefu.send(page("admin/sites.xhtml"));
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location"))
        .hasValueSatisfying(to -> assertThat(to).contains("/signin.html?next="));

    HttpResponse<String> sites = kefu.send(page("admin/sites.xhtml").header("Cookie", signIn()));
    assertThat(sites.statusCode()).as(sites.body()).isEqualTo(200);
    assertThat(sites.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(sites.body()).contains("Demo site", kefu.siteKey());
  }

  @Test
  void theApiTheDemoPageAndEveryStaticFileOfTheWebModuleAreServed() {
    HttpResponse<String> status = kefu.send(page("api/v1/status"));
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"up\"");

    HttpResponse<String> demo = kefu.send(page("demo/"));
    assertThat(demo.statusCode()).isEqualTo(200);
    assertThat(demo.body()).contains("widget.js", kefu.siteKey());

    HttpResponse<String> home = kefu.send(page(""));
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("Kefu");

    // Whatever static files the web module has now (the widget and the agent console among
    // them), the EAR serves every one, to a signed-in admin in case a page is protected.
    String session = signIn();
    List<String> files = staticFilesOfTheWebModule();
    assertThat(files).contains("index.html");
    for (String file : files) {
      HttpResponse<String> response = kefu.send(page(file).header("Cookie", session));
      assertThat(response.statusCode()).as("GET /" + file).isEqualTo(200);
      if (file.endsWith(".js")) {
        assertThat(response.headers().firstValue("Content-Type"))
            .as("GET /" + file)
            .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
      }
    }
    if (files.contains("agent/index.html")) {
      assertThat(kefu.send(page("agent/").header("Cookie", session)).statusCode()).isEqualTo(200);
    }
    System.out.println("Static files served from the EAR: " + files);
  }

  @Test
  void theEarHoldsEachLibraryOnceAndTheBusinessOnlyAsItsEjbModule() {
    List<String> files = filesOfTheEar();
    assertThat(files).contains("META-INF/application.xml", "kf-ejb.jar", "kf-web.war");
    List<String> earLib = libraries(files, "lib/");
    List<String> webLib = libraries(files, "kf-web.war!WEB-INF/lib/");
    // Payara has neither Hibernate nor Flyway; the web module's own libraries stay in the WAR.
    assertThat(earLib).contains("hibernate-core", "flyway-core", "flyway-mysql");
    assertThat(webLib).contains("kf-websocket", "kf-admin-jsf", "primefaces");
    assertThat(webLib).doesNotContain("kf-ejb", "hibernate-core", "flyway-core");
    assertThat(earLib).doesNotContain("kf-ejb", "kf-websocket", "kf-admin-jsf", "primefaces");
    assertThat(earLib).doesNotContainAnyElementsOf(webLib).doesNotHaveDuplicates();
    assertThat(files).contains("kf-web.war!WEB-INF/beans.xml");
  }

  /** The jars in a folder of the EAR, by artifact name without version. */
  private static List<String> libraries(List<String> files, String folder) {
    return files.stream()
        .filter(name -> name.startsWith(folder) && name.endsWith(".jar"))
        .map(name -> name.substring(folder.length()).replaceFirst("-\\d.*$", ""))
        .toList();
  }

  private HttpRequest.Builder page(String path) {
    return HttpRequest.newBuilder(kefu.base.resolve(path)).GET();
  }

  /** Signs the admin in as the consoles do; the session cookie. */
  private String signIn() {
    HttpResponse<String> login =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("username", "admin")
                            .add("password", Kefu.ADMIN_PASSWORD)
                            .build()
                            .toString())));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return login.headers().allValues("Set-Cookie").stream()
        .filter(cookie -> cookie.startsWith("KFSESSION="))
        .map(cookie -> cookie.split(";", 2)[0])
        .reduce((first, last) -> last)
        .orElseThrow(() -> new AssertionError("no KFSESSION cookie: " + login.headers()));
  }

  private static String agentSend(String conversationId, String text) {
    return Json.createObjectBuilder()
        .add("type", "send")
        .add("conversationId", conversationId)
        .add("clientMsgId", java.util.UUID.randomUUID().toString())
        .add("text", text)
        .build()
        .toString();
  }

  /** The files at the top of kf-web.war inside the EAR, outside WEB-INF and META-INF. */
  private static List<String> staticFilesOfTheWebModule() {
    return filesOfTheEar().stream()
        .filter(name -> name.startsWith("kf-web.war!"))
        .map(name -> name.substring("kf-web.war!".length()))
        .filter(name -> !name.startsWith("WEB-INF/") && !name.startsWith("META-INF/"))
        .toList();
  }

  /** Every file of the EAR, those inside kf-web.war as {@code kf-web.war!path}. */
  private static List<String> filesOfTheEar() {
    List<String> files = new ArrayList<>();
    try (ZipFile ear = new ZipFile(Path.of(System.getProperty("kf.ear-it.ear")).toFile())) {
      for (ZipEntry entry : Collections.list(ear.entries())) {
        if (entry.isDirectory()) {
          continue;
        }
        files.add(entry.getName());
        if (entry.getName().endsWith(".war")) {
          try (InputStream in = ear.getInputStream(entry);
              ZipInputStream war = new ZipInputStream(in)) {
            for (ZipEntry inner; (inner = war.getNextEntry()) != null; ) {
              if (!inner.isDirectory()) {
                files.add(entry.getName() + "!" + inner.getName());
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
