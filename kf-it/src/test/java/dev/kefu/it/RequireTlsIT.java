package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An installation that answers over HTTPS only ({@code kf.http.require-tls=true}) behind a reverse
 * proxy that ends TLS. The test server itself speaks plain HTTP, so "the proxy" is a connection
 * from 127.0.0.2, the address {@code kf.http.trusted-proxies} names, that says {@code
 * X-Forwarded-Proto: https}; a browser that reached Kefu without TLS is a connection from
 * 127.0.0.1, which Kefu does not trust, whatever it says. Requests are written by hand on bare
 * sockets, since the JDK's HTTP client cannot choose its own address.
 *
 * <p>Nothing here depends on the database, so the class runs on H2 only (see the pom).
 */
@ExtendWith(KefuServer.class)
@KefuServer.Settings({
  "kf.http.require-tls=true",
  "kf.http.trusted-proxies=127.0.0.2",
  "kf.http.public-url=https://chat.it.example"
})
@Order(Integer.MAX_VALUE - 2) // a server of its own, so the others share one before it
@ResourceLock(KefuServer.RESOURCE)
class RequireTlsIT {

  private static final String BROWSER = "127.0.0.1";
  private static final String PROXY = "127.0.0.2";

  Kefu kefu;
  int port;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    port = kefu.base.getPort();
  }

  @Test
  void aPlainGetOrHeadIsSentToHttpsWithItsPathAndQuery() {
    Answer get = send(BROWSER, "GET /agent/?view=queue&q=%E5%AE%A2 HTTP/1.1", List.of());
    assertThat(get.status).isEqualTo(301);
    assertThat(get.header("Location"))
        .isEqualTo("https://chat.it.example/agent/?view=queue&q=%E5%AE%A2");
    Answer head = send(BROWSER, "HEAD /signin.html HTTP/1.1", List.of());
    assertThat(head.status).isEqualTo(301);
    assertThat(head.header("Location")).isEqualTo("https://chat.it.example/signin.html");
  }

  @Test
  void aForwardedProtoFromAnyoneButTheTrustedProxyIsNotBelieved() {
    Answer claimed = send(BROWSER, "GET /agent/ HTTP/1.1", List.of("X-Forwarded-Proto: https"));
    assertThat(claimed.status).isEqualTo(301);
    Answer post = login(BROWSER, List.of("X-Forwarded-Proto: https"));
    assertThat(post.status).isEqualTo(403);
  }

  @Test
  void aPlainPostIsRefusedInTheApiErrorShapeAndSignsNobodyIn() {
    Answer post = login(BROWSER, List.of());
    assertThat(post.status).isEqualTo(403);
    assertThat(post.header("Content-Type")).startsWith("application/json");
    JsonObject body = Json.createReader(new StringReader(post.body)).readObject();
    assertThat(body.getString("error")).isEqualTo("https_required");
    assertThat(body.getString("message")).contains("HTTPS");
    assertThat(post.header("Set-Cookie")).isNull();
  }

  @Test
  void aWebSocketUpgradeOverPlainHttpIsRefusedAndOneThroughTheProxyIsTaken() {
    String siteKey = siteKey();
    List<String> upgrade =
        List.of(
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version: 13",
            "Origin: " + kefu.origin);
    String request = "GET /ws/visitor?site=" + siteKey + " HTTP/1.1";
    Answer plain = send(BROWSER, request, upgrade);
    assertThat(plain.status).isEqualTo(403);
    assertThat(plain.body).contains("https_required");
    List<String> proxied = new ArrayList<>(upgrade);
    proxied.add("X-Forwarded-Proto: https");
    assertThat(send(PROXY, request, proxied).status).isEqualTo(101);
  }

  @Test
  void theStatusAndHealthAnswerOverPlainHttpForALoadBalancer() {
    Answer status = send(BROWSER, "GET /api/v1/status HTTP/1.1", List.of());
    assertThat(status.status).isEqualTo(200);
    assertThat(status.body).contains("\"up\"");
    assertThat(send(BROWSER, "GET /health/ready HTTP/1.1", List.of()).status).isEqualTo(200);
  }

  @Test
  void throughTheTrustedProxyPagesAreServedWithHstsAndTheSessionCookieIsSecure() {
    Answer page = send(PROXY, "GET /signin.html HTTP/1.1", List.of("X-Forwarded-Proto: https"));
    assertThat(page.status).isEqualTo(200);
    assertThat(page.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
    Answer signedIn = login(PROXY, List.of("X-Forwarded-Proto: https"));
    assertThat(signedIn.status).as(signedIn.body).isEqualTo(200);
    assertThat(signedIn.header("Set-Cookie"))
        .startsWith("KFSESSION=")
        .containsIgnoringCase("; Secure");
  }

  // ---------------------------------------------------------------------------------------------

  private Answer login(String from, List<String> headers) {
    List<String> all = new ArrayList<>(headers);
    all.add("Content-Type: application/json");
    String body =
        Json.createObjectBuilder()
            .add("username", "admin")
            .add("password", Kefu.ADMIN_PASSWORD)
            .build()
            .toString();
    return send(from, "POST /api/v1/auth/login HTTP/1.1", all, body);
  }

  private String siteKey() {
    Answer sites =
        send(
            PROXY,
            "GET /api/v1/sites HTTP/1.1",
            List.of("X-Forwarded-Proto: https", "Authorization: " + Kefu.basic()));
    assertThat(sites.status).as(sites.body).isEqualTo(200);
    return Json.createReader(new StringReader(sites.body))
        .readArray()
        .getJsonObject(0)
        .getString("siteKey");
  }

  private Answer send(String from, String requestLine, List<String> headers) {
    return send(from, requestLine, headers, null);
  }

  /** One request on a connection of its own from {@code from}, and its answer. */
  private Answer send(String from, String requestLine, List<String> headers, String body) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder(requestLine).append("\r\n");
    request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    headers.forEach(header -> request.append(header).append("\r\n"));
    if (body != null) {
      request.append("Content-Length: ").append(content.length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(BROWSER, port), 5000);
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      return Answer.read(socket.getInputStream(), requestLine.startsWith("HEAD "));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HTTP/1.1 answer: its status, headers, and a body of announced length. */
  private record Answer(int status, List<String> headers, String body) {

    static Answer read(InputStream in, boolean head) throws IOException {
      List<String> lines = new ArrayList<>();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
          line.reset();
          if (text.isEmpty()) {
            break;
          }
          lines.add(text);
        } else {
          line.write(c);
        }
      }
      int status = Integer.parseInt(lines.get(0).split(" ")[1]);
      List<String> headers = lines.subList(1, lines.size());
      Answer answer = new Answer(status, headers, "");
      if (head || status == 101) {
        return answer;
      }
      String length = answer.header("Content-Length");
      byte[] body =
          length != null ? in.readNBytes(Integer.parseInt(length.trim())) : in.readAllBytes();
      if ("chunked".equalsIgnoreCase(answer.header("Transfer-Encoding"))) {
        body = unchunked(body);
      }
      return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** The body of a chunked answer that was read to its end ({@code Connection: close}). */
    private static byte[] unchunked(byte[] chunked) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      int at = 0;
      while (true) {
        int lineEnd = indexOfCrLf(chunked, at);
        String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
        int length = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (length == 0) {
          return body.toByteArray();
        }
        body.write(chunked, lineEnd + 2, length);
        at = lineEnd + 2 + length + 2;
      }
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
      for (int i = from; i + 1 < bytes.length; i++) {
        if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
          return i;
        }
      }
      throw new IllegalStateException("a chunk without its size line");
    }

    String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream()
          .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).trim())
          .findFirst()
          .orElse(null);
    }
  }
}
