package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Clients that hold a connection without finishing their request are cut off, with plain sockets
 * against the packaged server, which runs with the HTTP listener settings of {@code
 * bin/kefu-server} (src/test/asadmin/preboot.asadmin; the request timeout there is 60 s instead of
 * 600 s so that the test takes a minute, not ten). It runs on H2 only: the listener's handling of
 * slow clients does not depend on the database.
 *
 * <p>What the server can and cannot do, measured on Payara Micro 6.2025.10 (Grizzly 4): a body that
 * keeps trickling is cut at the request timeout ({@code http.request-timeout-seconds}; with
 * Payara's own default of 900 s the first test fails), a pause within a body at the read timeout, a
 * connection that stops sending halfway through its headers at the keep-alive timeout (30 s, as
 * before: the second test guards it). Headers that keep trickling, one byte every few seconds,
 * reset that idle timer on every byte and have no deadline of their own in Grizzly; they are
 * bounded by the header limit (8 KiB) only, which the last test guards. A reverse proxy in front
 * ({@code client_header_timeout} in nginx) is what gives them a deadline (docs/security.md).
 *
 * <p>Each test only waits out a timeout of the server, so the tests wait side by side; but not
 * beside the other test classes: while these clients hold their connections, frames of other
 * sockets were seen to wait up to the read timeout (20 s) now and then, which made unrelated tests
 * fail. That is a finding about the server under slow clients, kept apart from the rest of the
 * suite (docs/testing.md).
 */
@ExtendWith(KefuServer.class)
@ResourceLock(value = KefuServer.RESOURCE, mode = ResourceAccessMode.READ_WRITE)
class SlowClientsIT {

  /** Beyond the timeouts themselves: time for a busy machine to get round to closing. */
  private static final Duration MARGIN = Duration.ofSeconds(60);

  /** Grizzly's keep-alive (idle) timeout, Payara's default, which Kefu keeps. */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @AfterEach
  void othersAreServedMeanwhile() {
    assertThat(
            kefu.send(HttpRequest.newBuilder(kefu.base.resolve("api/v1/status")).GET())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aRequestBodyThatKeepsTricklingIsCutAtTheRequestTimeout() throws IOException {
    // A sign-in well within any body limit, sent one byte a second: it would take 17 minutes.
    String start = "{\"username\":\"";
    try (Connection slow = new Connection()) {
      slow.send(
          "POST "
              + kefu.base.getPath()
              + "api/v1/auth/login HTTP/1.1\r\nHost: "
              + kefu.base.getAuthority()
              + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
              + start);

      // The test server's request timeout (60 s) and idle timeout, with a margin: well short of
      // the 900 s that Payara allowed before.
      Duration deadline = Duration.ofMinutes(3);
      boolean closed = slow.trickleUntilClosed("a".repeat(1000 - start.length()), deadline);

      assertThat(closed)
          .as("connection closed by the server within %s; it answered %s", deadline, slow.answer())
          .isTrue();
      assertThat(slow.sent()).isLessThan(1000 - start.length());
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aHandshakeThatStopsHalfwayIsClosed() throws IOException {
    try (Connection stalled = new Connection()) {
      stalled.send(
          "GET "
              + kefu.base.getPath()
              + "ws/visitor?site="
              + kefu.siteKey()
              + " HTTP/1.1\r\nHost: "
              + kefu.base.getAuthority()
              + "\r\nOrigin: "
              + kefu.origin
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");

      Duration deadline = IDLE_TIMEOUT.plus(MARGIN);
      assertThat(stalled.awaitClosed(deadline))
          .as(
              "connection closed by the server within %s; it answered %s",
              deadline, stalled.answer())
          .isTrue();
      assertThat(stalled.answer()).doesNotContain("101");
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void headersThatNeverEndAreRefusedAtTheHeaderLimit() throws IOException {
    try (Connection endless = new Connection()) {
      endless.send(
          "GET "
              + kefu.base.getPath()
              + "api/v1/status HTTP/1.1\r\nHost: "
              + kefu.base.getAuthority()
              + "\r\nX-Padding: ");

      boolean closed = endless.trickleUntilClosed("a".repeat(64 * 1024), MARGIN, 512);

      assertThat(closed).as("closed; it answered %s", endless.answer()).isTrue();
      assertThat(endless.answer()).startsWith("HTTP/1.1 400");
      assertThat(endless.sent()).isLessThan(16 * 1024);
    }
  }

  /** A raw TCP connection to the server, to send what no HTTP client would. */
  private final class Connection implements AutoCloseable {

    private final java.net.Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    private int sent;

    Connection() throws IOException {
      socket = new java.net.Socket("127.0.0.1", kefu.base.getPort());
      socket.setSoTimeout(200);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    }

    void send(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** Sends one byte a second until the server closes the connection; whether it did in time. */
    boolean trickleUntilClosed(String rest, Duration deadline) throws IOException {
      return trickleUntilClosed(rest, deadline, 1);
    }

    boolean trickleUntilClosed(String rest, Duration deadline, int chunk) throws IOException {
      Instant end = Instant.now().plus(deadline);
      while (Instant.now().isBefore(end)) {
        if (sent < rest.length()) {
          try {
            int next = Math.min(rest.length(), sent + chunk);
            send(rest.substring(sent, next));
            sent = next;
          } catch (IOException reset) {
            return true;
          }
        }
        if (closedWithin(chunk == 1 ? 1000 : 50)) {
          return true;
        }
      }
      return false;
    }

    boolean awaitClosed(Duration deadline) throws IOException {
      Instant end = Instant.now().plus(deadline);
      while (Instant.now().isBefore(end)) {
        if (closedWithin(1000)) {
          return true;
        }
      }
      return false;
    }

    /** Reads what the server sends for about this long; whether it closed the connection. */
    private boolean closedWithin(long millis) throws IOException {
      Instant end = Instant.now().plusMillis(millis);
      byte[] buffer = new byte[8192];
      while (Instant.now().isBefore(end)) {
        try {
          int read = in.read(buffer);
          if (read < 0) {
            return true;
          }
          answer.write(buffer, 0, read);
        } catch (SocketTimeoutException nothingYet) {
          // Still open and silent.
        } catch (IOException reset) {
          return true;
        }
      }
      return false;
    }

    int sent() {
      return sent;
    }

    String answer() {
      String text = answer.toString(StandardCharsets.ISO_8859_1);
      int line = text.indexOf("\r\n");
      return line < 0 ? "'" + text + "'" : text.substring(0, line);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
