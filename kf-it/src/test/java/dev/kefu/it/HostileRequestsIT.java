package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.it.Fixtures.TestSite;
import dev.kefu.it.Kefu.Visitor;
import dev.kefu.it.fixture.ServerFault;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The REST edge under hostile requests, as anyone on the internet can send them: every refusal is a
 * 4xx in Kefu's error shape ({@code {"error","message"}}, JSON), never the server's HTML page or a
 * 500, and bad input leaves no stack trace in the log. Bodies are bounded by bytes before they are
 * read (a 50 MB password does not reach the password hash), API calls with HTTP Basic leave no
 * server session behind, and {@code OPTIONS} tells the anonymous nothing. The JSON endpoints are
 * found in the shipped WAR ({@link ShippedWar#jsonBodyEndpoints}), so a new one is covered without
 * being listed here.
 */
@ExtendWith(KefuServer.class)
class HostileRequestsIT {

  private static final String JSON = "application/json";
  private static final int SIGN_IN_LIMIT = 8192;
  private static final int API_LIMIT = 262_144;
  private static final long FIFTY_MB = 50L * 1024 * 1024;

  /** A body no endpoint may take, as the fuzzer sent it. */
  record Hostile(String name, String contentType, byte[] body) {}

  static final List<Hostile> HOSTILE =
      List.of(
          new Hostile("an array", JSON, utf8("[]")),
          new Hostile("an unclosed object", JSON, utf8("{")),
          new Hostile("a bare string", JSON, utf8("\"x\"")),
          new Hostile("a bare number", JSON, utf8("123")),
          new Hostile("a byte order mark", JSON, withBom(utf8("{}"))),
          new Hostile("10,000 [", JSON, utf8("[".repeat(10_000))),
          new Hostile("charset=ebcdic", JSON + "; charset=ebcdic", utf8("{\"name\":\"x\"}")),
          new Hostile("a lone surrogate", JSON, utf8("{\"name\":\"\\ud800\",\"text\":\"x\"}")),
          new Hostile("a NUL", JSON, utf8("{\"name\":\"a\\u0000b\",\"text\":\"x\"}")));

  Kefu kefu;
  Fixtures fixtures;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    fixtures = new Fixtures(kefu);
  }

  @Test
  void everyJsonEndpointRefusesHostileBodiesWithJson400sForAnyoneAndLogsNoStackTrace()
      throws Exception {
    TreeSet<String> endpoints;
    try (ShippedWar war =
        new ShippedWar(
            new File(System.getProperty("kf.it.war")),
            new File(System.getProperty("kf.it.tmp", "target")))) {
      endpoints = war.jsonBodyEndpoints();
    }
    assertThat(endpoints)
        .as("JSON endpoints found in the WAR")
        .contains("POST auth/login", "PUT sites/{id}/widget", "POST canned-replies");
    long logBefore = fixtures.logMark();
    List<String> wrong = new ArrayList<>();
    for (String endpoint : endpoints) {
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      String path = "api/v1/" + probePath(endpoint.substring(endpoint.indexOf(' ') + 1));
      for (String authorization : Arrays.asList(null, Kefu.basic())) {
        for (Hostile hostile : HOSTILE) {
          HttpResponse<String> answer =
              send(method, path, hostile.contentType(), hostile.body(), authorization);
          boolean overLimit =
              hostile.body().length > (path.endsWith("auth/login") ? SIGN_IN_LIMIT : API_LIMIT);
          int expected = overLimit ? 413 : 400;
          String code = overLimit ? "payload_too_large" : "bad_request";
          String who = authorization == null ? "anonymous" : "admin";
          if (answer.statusCode() != expected || !code.equals(errorOf(answer))) {
            wrong.add(
                endpoint
                    + " as "
                    + who
                    + " with "
                    + hostile.name()
                    + ": "
                    + answer.statusCode()
                    + " "
                    + answer.headers().firstValue("Content-Type").orElse("")
                    + " "
                    + answer.body().substring(0, Math.min(200, answer.body().length())));
          }
        }
      }
    }
    assertThat(wrong).as("answers other than a JSON 400 (413 over the limit)").isEmpty();
    assertThat(fixtures.serverLogSince(logBefore)).as("the server log").doesNotContain("\tat ");
  }

  @Test
  void theSignInFormRefusesFieldsThatAreNotTextAndTakesTheRest() {
    HttpResponse<String> nul =
        send("POST", "api/v1/auth/login", FORM, utf8("username=a%00&password=b"), null);
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(json(nul.body()).getString("message")).contains("username");
    HttpResponse<String> badEscape =
        send("POST", "api/v1/auth/login", FORM, utf8("username=a%ZZ&password=b"), null);
    assertJsonRefusal(badEscape, 400, "bad_request");
    HttpResponse<String> ebcdic =
        send("POST", "api/v1/auth/login", FORM + "; charset=ebcdic", utf8("username=a"), null);
    assertJsonRefusal(ebcdic, 400, "bad_request");
    HttpResponse<String> right =
        send(
            "POST",
            "api/v1/auth/login",
            FORM,
            utf8(Fixtures.form(Map.of("username", "admin", "password", Kefu.ADMIN_PASSWORD))),
            null);
    assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
  }

  private static final String FORM = "application/x-www-form-urlencoded";

  @Test
  void queryParametersThatAreNotTextAreRefusedNamingTheParameter() {
    HttpResponse<String> nul =
        send("GET", "api/v1/inbox/missed?departmentId=d%00", null, null, Kefu.basic());
    assertJsonRefusal(nul, 400, "bad_request");
    assertThat(json(nul.body()).getString("message")).contains("departmentId");
    HttpResponse<String> notANumber =
        send("GET", "api/v1/conversations/c-x/messages?after=abc", null, null, Kefu.basic());
    assertJsonRefusal(notANumber, 400, "bad_request");
    assertThat(json(notANumber.body()).getString("message")).contains("after");
    assertThat(send("GET", "api/v1/inbox/missed", null, null, Kefu.basic()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void unknownAddressesMethodsAndMediaTypesAreRefusedInJson() {
    long logBefore = fixtures.logMark();
    assertJsonRefusal(send("GET", "api/v1/no-such-thing", null, null, null), 404, "not_found");
    assertJsonRefusal(send("GET", "api/v2/status", null, null, null), 404, "not_found");
    // /api/ itself once led to a welcome page that is not there, as a Faces postback.
    assertJsonRefusal(send("GET", "api/", null, null, null), 404, "not_found");
    for (String method : List.of("POST", "PUT")) {
      assertJsonRefusal(
          send(method, "api/", FORM, utf8("jakarta.faces.ViewState=x&a=%ZZ"), null),
          404,
          "not_found");
    }
    assertThat(fixtures.serverLogSince(logBefore)).as("the server log").doesNotContain("\tat ");
    HttpResponse<String> patch = send("PATCH", "api/v1/status", JSON, utf8("{}"), null);
    assertJsonRefusal(patch, 405, "method_not_allowed");
    assertThat(patch.headers().firstValue("Allow").orElse("")).contains("GET");
    assertJsonRefusal(send("FOO", "api/v1/status", null, null, null), 405, "method_not_allowed");
    assertJsonRefusal(
        send("POST", "api/v1/auth/login", "text/plain", utf8("admin"), null),
        415,
        "unsupported_media_type");
    assertJsonRefusal(
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/status"))
                .header("Accept", "text/xml")
                .GET()),
        406,
        "not_acceptable");
    assertJsonRefusal(
        send("POST", "api/v1/auth/login", "not a media type;;;", utf8("{}"), null),
        400,
        "bad_request");
    // No media type at all, or a wildcard: whichever sign-in the runtime picks, the JSON or the
    // form one, the answer is a refusal in Kefu's shape (the form one failed reading its fields
    // with a 500).
    for (String type : Arrays.asList(null, "*/*", "application/*")) {
      for (byte[] body : new byte[][] {null, utf8("username=a&password=b"), utf8("{")}) {
        HttpResponse<String> untyped = send("POST", "api/v1/auth/login", type, body, null);
        assertThat(untyped.statusCode()).as(type + ": " + untyped.body()).isIn(400, 415);
        assertJsonRefusal(
            untyped,
            untyped.statusCode(),
            untyped.statusCode() == 400 ? "bad_request" : "unsupported_media_type");
      }
    }
  }

  @Test
  void namesMadeTwiceAtOnceGiveOneThingAndConflictsNeverA500() throws Exception {
    long unique = System.nanoTime();
    Map<String, String> creations = new LinkedHashMap<>();
    creations.put(
        "api/v1/accounts",
        "{\"username\":\"same."
            + unique
            + "\",\"displayName\":\"Same\",\"password\":\"a-long-password-1\"}");
    creations.put(
        "api/v1/agent-statuses", "{\"name\":\"Same " + unique + "\",\"available\":false}");
    creations.put(
        "api/v1/canned-replies",
        "{\"scope\":\"shared\",\"shortcut\":\"s" + unique + "\",\"text\":\"Same\"}");
    for (Map.Entry<String, String> creation : creations.entrySet()) {
      List<CompletableFuture<HttpResponse<String>>> atOnce = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        atOnce.add(
            CompletableFuture.supplyAsync(
                () ->
                    send(
                        "POST", creation.getKey(), JSON, utf8(creation.getValue()), Kefu.basic())));
      }
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> answer : atOnce) {
        HttpResponse<String> response = answer.get();
        statuses.add(response.statusCode());
        if (response.statusCode() != 201) {
          assertJsonRefusal(response, 409, "conflict");
        }
      }
      assertThat(statuses).as(creation.getKey()).filteredOn(status -> status == 201).hasSize(1);
    }
  }

  /**
   * Found by the probe: two removals of one canned reply at once both read it, and the second's
   * delete found no row at its commit (a 500 with a stack trace). Now one removal succeeds and the
   * others find the thing gone; changes racing a removal either apply before it or find it gone.
   */
  @Test
  void thingsRemovedOrChangedSeveralTimesAtOnceAnswer404NeverA500() throws Exception {
    long unique = System.nanoTime();
    Map<String, String> made = new LinkedHashMap<>();
    made.put(
        "api/v1/canned-replies",
        "{\"scope\":\"shared\",\"shortcut\":\"r" + unique + "\",\"text\":\"Gone\"}");
    made.put("api/v1/blocks", "{\"cidr\":\"198.51.100." + (unique % 250) + "/32\"}");
    for (Map.Entry<String, String> thing : made.entrySet()) {
      HttpResponse<String> created =
          send("POST", thing.getKey(), JSON, utf8(thing.getValue()), Kefu.basic());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String path =
          thing.getKey()
              + "/"
              + Json.createReader(new StringReader(created.body())).readObject().getString("id");
      List<CompletableFuture<HttpResponse<String>>> atOnce = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        boolean change = thing.getKey().endsWith("canned-replies") && i % 2 == 1;
        atOnce.add(
            CompletableFuture.supplyAsync(
                () ->
                    change
                        ? send(
                            "PUT",
                            path,
                            JSON,
                            utf8("{\"shortcut\":\"r" + unique + "\",\"text\":\"Changed\"}"),
                            Kefu.basic())
                        : send("DELETE", path, null, null, Kefu.basic())));
      }
      List<Integer> removals = new ArrayList<>();
      for (int i = 0; i < atOnce.size(); i++) {
        HttpResponse<String> response = atOnce.get(i).get();
        assertThat(response.statusCode()).as(path + " " + response.body()).isLessThan(500);
        if (response.statusCode() == 404) {
          assertJsonRefusal(response, 404, "not_found");
        } else if (thing.getKey().endsWith("canned-replies") && i % 2 == 1) {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } else {
          removals.add(response.statusCode());
        }
      }
      assertThat(removals).as(path).containsExactly(204);
    }
  }

  @Test
  void aFaultOfTheServerIsAJson500AndOneWarningWithItsStackTrace() {
    long logBefore = fixtures.logMark();
    HttpResponse<String> fault = send("GET", "api/v1/it/fault", null, null, Kefu.basic());
    assertJsonRefusal(fault, 500, "unavailable");
    assertThat(fault.body()).doesNotContain(ServerFault.MESSAGE).doesNotContain("Exception");
    String log = fixtures.serverLogSince(logBefore);
    assertThat(log.split(ServerFault.MESSAGE, -1)).as("log records of the fault").hasSize(2);
    assertThat(log).contains("\tat ");
  }

  @Test
  void sixConcurrentFiftyMegabyteSignInsAre413WhileAnotherClientSignsInAndChats() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<RawAnswer>> attacks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        attacks.add(pool.submit(() -> streamedSignIn(false)));
        attacks.add(pool.submit(() -> streamedSignIn(true)));
      }
      signInAndChat();
      for (Future<RawAnswer> attack : attacks) {
        RawAnswer answer = attack.get(5, TimeUnit.MINUTES);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith(JSON);
        assertThat(json(answer.body()).getString("error")).isEqualTo("payload_too_large");
      }
      signInAndChat();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void bodiesOverTheGeneralLimitAreRefusedAndBodiesUnderItAreRead() {
    String department = "api/v1/departments/d-none";
    HttpResponse<String> under =
        send("PUT", department, JSON, jsonOfSize(API_LIMIT - 100), Kefu.basic());
    assertThat(under.statusCode()).as(under.body()).isNotEqualTo(413).isLessThan(500);
    HttpResponse<String> over =
        send("PUT", department, JSON, jsonOfSize(API_LIMIT + 1), Kefu.basic());
    assertJsonRefusal(over, 413, "payload_too_large");
  }

  @Test
  void theAdminConsoleTakesNoBodyOverItsLimitNorOneOfUnannouncedLength() throws Exception {
    RawAnswer tooLarge =
        raw(
            "POST",
            "admin/sites.xhtml",
            Map.of(
                "Authorization", Kefu.basic(),
                "Content-Type", FORM,
                "Content-Length", String.valueOf(2 * 1024 * 1024)),
            new byte[0]);
    assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
    RawAnswer chunked =
        raw(
            "POST",
            "admin/sites.xhtml",
            Map.of(
                "Authorization",
                Kefu.basic(),
                "Content-Type",
                FORM,
                "Transfer-Encoding",
                "chunked"),
            utf8("3\r\na=b\r\n0\r\n\r\n"));
    assertThat(chunked.status()).as(chunked.toString()).isEqualTo(411);
  }

  @Test
  void aHundredBasicCallsOpenNoSessionWhileTheConsoleSignInStillDoes() throws Exception {
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> me = send("GET", "api/v1/auth/me", null, null, Kefu.basic());
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.headers().allValues("Set-Cookie")).as("call %d", i).isEmpty();
    }
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    HttpResponse<String> signIn = consoleSignIn(browser);
    assertThat(signIn.headers().allValues("Set-Cookie"))
        .anySatisfy(cookie -> assertThat(cookie).startsWith("KFSESSION="));
    assertThat(get(browser, "api/v1/auth/me").statusCode()).isEqualTo(200);
    HttpResponse<String> signOut =
        browser.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/logout"))
                .header("X-Kefu-CSRF", "1")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signOut.statusCode()).isEqualTo(204);
    assertThat(get(browser, "api/v1/auth/me").statusCode()).isEqualTo(401);
  }

  @Test
  void anAnonymousOptionsGets401AndNoDescriptionOfTheApi() throws Exception {
    TreeSet<String> paths = new TreeSet<>(List.of("", "application.wadl", "no-such-thing"));
    try (ShippedWar war =
        new ShippedWar(
            new File(System.getProperty("kf.it.war")),
            new File(System.getProperty("kf.it.tmp", "target")))) {
      for (String endpoint : war.restEndpoints()) {
        paths.add(probePath(endpoint.substring(endpoint.indexOf(' ') + 1)));
      }
    }
    for (String path : paths) {
      HttpResponse<String> options = send("OPTIONS", "api/v1/" + path, null, null, null);
      assertJsonRefusal(options, 401, "unauthorized");
      assertThat(options.body()).doesNotContainIgnoringCase("wadl");
    }
    for (String authorization : Arrays.asList(null, Kefu.basic())) {
      HttpResponse<String> wadl = send("GET", "api/v1/application.wadl", null, null, authorization);
      assertJsonRefusal(wadl, 404, "not_found");
    }
    HttpResponse<String> staff = send("OPTIONS", "api/v1/status", null, null, Kefu.basic());
    assertThat(staff.statusCode()).isEqualTo(200);
    assertThat(staff.headers().firstValue("Allow").orElse("")).contains("GET");
    assertThat(staff.body()).doesNotContain("<application");

    TestSite site = fixtures.site(false, "https://shop.example");
    HttpResponse<String> preflight =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/files?site=" + site.key()))
                .header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.statusCode()).as("the widget's preflight").isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://shop.example");
  }

  // --- the other client: signs in as the console does and chats --------------------------------

  private void signInAndChat() throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    assertThat(consoleSignIn(browser).statusCode()).isEqualTo(200);
    HttpResponse<String> ticket =
        browser.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/ws-ticket"))
                .header("X-Kefu-CSRF", "1")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(200);
    try (Socket agent =
            Socket.open(kefu.agentUri(json(ticket.body()).getString("ticket")), kefu.origin);
        Visitor visitor = kefu.visitor()) {
      agent.send("{\"type\":\"hello\",\"protocol\":1}");
      agent.next("welcome");
      visitor.socket().send(Kefu.send("hello while others send 50 MB"));
      String conversation = visitor.socket().next("ack").string("conversationId");
      visitor.end(conversation);
    }
  }

  private HttpResponse<String> consoleSignIn(HttpClient browser) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
            .header("Content-Type", JSON)
            .header("X-Kefu-CSRF", "1")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("username", "admin")
                        .add("password", Kefu.ADMIN_PASSWORD)
                        .build()
                        .toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(kefu.base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // --- raw HTTP: bodies streamed from a small buffer, answers read as they come -----------------

  /** An answer read off the socket. */
  record RawAnswer(int status, Map<String, String> headers, String body) {
    String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }

  /**
   * A sign-in whose password is 50 MB, streamed (announced with {@code Content-Length} or chunked)
   * until the server answers; nothing of that size is ever held in this JVM.
   */
  private RawAnswer streamedSignIn(boolean chunked) throws Exception {
    try (java.net.Socket socket = new java.net.Socket(kefu.base.getHost(), kefu.base.getPort())) {
      socket.setSoTimeout(120_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          head(
              "POST",
              "api/v1/auth/login",
              Map.of(
                  "Content-Type",
                  JSON,
                  chunked ? "Transfer-Encoding" : "Content-Length",
                  chunked ? "chunked" : String.valueOf(FIFTY_MB))));
      AtomicBoolean answered = new AtomicBoolean();
      Thread writer =
          new Thread(
              () -> {
                byte[] piece = new byte[64 * 1024];
                Arrays.fill(piece, (byte) 'a');
                byte[] start = utf8("{\"username\":\"admin\",\"password\":\"");
                System.arraycopy(start, 0, piece, 0, start.length);
                try {
                  for (long sent = 0; sent < FIFTY_MB && !answered.get(); sent += piece.length) {
                    if (chunked) {
                      out.write(utf8(Integer.toHexString(piece.length) + "\r\n"));
                      out.write(piece);
                      out.write(utf8("\r\n"));
                    } else {
                      out.write(piece);
                    }
                    if (sent == 0) {
                      Arrays.fill(piece, 0, start.length, (byte) 'a');
                    }
                  }
                  if (chunked && !answered.get()) {
                    out.write(utf8("0\r\n\r\n"));
                  }
                  out.flush();
                } catch (IOException closed) {
                  // The server has answered and closed the connection: nothing more to send.
                }
              });
      writer.start();
      try {
        return read(socket.getInputStream());
      } finally {
        answered.set(true);
        writer.join(60_000);
      }
    }
  }

  private RawAnswer raw(String method, String path, Map<String, String> headers, byte[] body)
      throws IOException {
    try (java.net.Socket socket = new java.net.Socket(kefu.base.getHost(), kefu.base.getPort())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(head(method, path, headers));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  private byte[] head(String method, String path, Map<String, String> headers) {
    StringBuilder head =
        new StringBuilder(method + " " + kefu.base.getPath() + path + " HTTP/1.1\r\n")
            .append("Host: ")
            .append(kefu.base.getAuthority())
            .append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    return utf8(head.append("\r\n").toString());
  }

  /** Status line, headers and a body of announced length. */
  private static RawAnswer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      byte[] so = head.toByteArray();
      int n = so.length;
      if (n >= 4
          && so[n - 4] == '\r'
          && so[n - 3] == '\n'
          && so[n - 2] == '\r'
          && so[n - 1] == '\n') {
        break;
      }
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      int size;
      while ((size = Integer.parseInt(line(in).trim(), 16)) > 0) {
        body.write(in.readNBytes(size));
        line(in);
      }
    } else {
      body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
    }
    return new RawAnswer(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.write(b);
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  // --- helpers --------------------------------------------------------------------------------

  private HttpResponse<String> send(
      String method, String path, String contentType, byte[] body, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(kefu.base.resolve(path));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return kefu.send(request);
  }

  private static void assertJsonRefusal(HttpResponse<String> answer, int status, String code) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .as("the type of " + answer.body())
        .startsWith(JSON);
    JsonObject json = json(answer.body());
    assertThat(json.getString("error")).isEqualTo(code);
    assertThat(json.getString("message")).isNotBlank();
  }

  /** The error code of an answer in Kefu's error shape; null for anything else. */
  private static String errorOf(HttpResponse<String> answer) {
    if (!answer.headers().firstValue("Content-Type").orElse("").startsWith(JSON)) {
      return null;
    }
    try {
      JsonObject json = json(answer.body());
      return json.containsKey("message") ? json.getString("error", null) : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  /** An endpoint's path with an id of nothing in each placeholder. */
  private static String probePath(String template) {
    return template.replaceAll("\\{[^}]+}", "x-none");
  }

  /** A JSON object of exactly {@code size} bytes. */
  private static byte[] jsonOfSize(int size) {
    String start = "{\"name\":\"";
    String end = "\"}";
    return utf8(start + "a".repeat(size - start.length() - end.length()) + end);
  }

  private static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] withBom(byte[] body) {
    byte[] bom = new byte[body.length + 3];
    bom[0] = (byte) 0xef;
    bom[1] = (byte) 0xbb;
    bom[2] = (byte) 0xbf;
    System.arraycopy(body, 0, bom, 3, body.length);
    return bom;
  }
}
