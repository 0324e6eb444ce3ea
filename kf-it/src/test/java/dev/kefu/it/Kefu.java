package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** A running Kefu as its clients see it: its REST API and its two sockets. */
final class Kefu {

  static final String ADMIN_PASSWORD =
      System.getProperty("kf.it.admin.password", "it-admin-secret");
  // HTTP/1.1 as browsers speak it over plain HTTP; the client's pool outlives a test class, and
  // a pooled HTTP/2 connection that the server closed while idle fails the next request instead
  // of being replaced.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final URI base;
  final String origin;

  Kefu(URL deployment) {
    // The server listens on loopback only; the container reports the machine's name instead.
    URI reported = URI.create(deployment.toString());
    String path = reported.getPath().endsWith("/") ? reported.getPath() : reported.getPath() + "/";
    this.base = URI.create("http://127.0.0.1:" + reported.getPort() + path);
    this.origin = base.getScheme() + "://" + base.getAuthority();
  }

  /** The site key of the demo site, as an admin reads it. */
  String siteKey() {
    JsonArray sites = Json.createReader(new StringReader(get("api/v1/sites"))).readArray();
    return sites.getJsonObject(0).getString("siteKey");
  }

  String ticket() {
    return ticket(basic());
  }

  /** A ticket for the agent socket of the account with this user name and password. */
  String ticket(String username, String password) {
    return ticket(basic(username, password));
  }

  private String ticket(String authorization) {
    HttpResponse<String> response = post("api/v1/auth/ws-ticket", authorization);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject json = Json.createReader(new StringReader(response.body())).readObject();
    assertThat(json.getInt("expiresIn")).isEqualTo(60);
    return json.getString("ticket");
  }

  URI visitorUri(String siteKey) {
    return ws("ws/visitor?site=" + siteKey);
  }

  URI agentUri(String ticket) {
    return ws("ws/agent?ticket=" + ticket);
  }

  /** A visitor socket from an allowed origin, before its hello. */
  Socket visitorSocket() {
    return Socket.open(visitorUri(siteKey()), origin);
  }

  /** A visitor that has said hello; the welcome is consumed. */
  Visitor visitor() {
    Socket socket = visitorSocket();
    socket.send(
        "{\"type\":\"hello\",\"protocol\":1,\"locale\":\"zh-CN\",\"page\":{\"url\":\""
            + origin
            + "/demo/\",\"title\":\"Demo\"}}");
    Frame welcome = socket.next("welcome");
    return new Visitor(socket, welcome);
  }

  /** The admin's agent socket after hello, with the given status set. */
  Socket agent(String status) {
    Socket socket = Socket.open(agentUri(ticket()), origin);
    socket.send("{\"type\":\"hello\",\"protocol\":1}");
    socket.next("welcome");
    socket.send("{\"type\":\"status\",\"value\":\"" + status + "\"}");
    socket.next("status");
    return socket;
  }

  String get(String path) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", basic()).GET());
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
    return response.body();
  }

  /** Posts form fields as the admin to a resource of the test fixture; answers its body. */
  String fixture(String path, Map<String, String> fields) {
    String form = Fixtures.form(fields);
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(base.resolve("api/v1/it/" + path))
                .header("Authorization", basic())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
    return response.body();
  }

  HttpResponse<String> post(String path, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The answer's body as a stream, for answers too long to hold or to be read as they come. */
  HttpResponse<java.io.InputStream> sendForStream(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** HTTP Basic for the first admin. */
  static String basic() {
    return basic("admin", ADMIN_PASSWORD);
  }

  /** HTTP Basic for this user name and password. */
  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String send(String text) {
    return sendFrame(UUID.randomUUID().toString(), text);
  }

  static String sendFrame(String clientMsgId, String text) {
    return Json.createObjectBuilder()
        .add("type", "send")
        .add("clientMsgId", clientMsgId)
        .add("text", text)
        .build()
        .toString();
  }

  /** A MicroProfile Health endpoint ({@code ready}, {@code live}, {@code started}): at the root. */
  URI health(String kind) {
    return URI.create(origin + "/health/" + kind);
  }

  private URI ws(String path) {
    return URI.create(base.resolve(path).toString().replaceFirst("^http", "ws"));
  }

  /** A visitor after hello: its socket and the welcome it got. */
  record Visitor(Socket socket, Frame welcome) implements AutoCloseable {
    String token() {
      return welcome.string("visitorToken");
    }

    /** Ends the conversation, so that it stops taking a place of the agent. */
    void end(String conversationId) {
      socket.send("{\"type\":\"close\",\"conversationId\":\"" + conversationId + "\"}");
      socket.next("closed");
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
