package dev.kefu.inbox.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailRelayReachTest {

  private static MailRelay relay(int port) {
    MailRelay relay = new MailRelay();
    relay.host = Optional.of("127.0.0.1");
    relay.port = port;
    relay.timeoutSeconds = 2;
    return relay;
  }

  @Test
  void aServerThatGreetsIsReachedAndNothingIsSent() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread greeter = greet(server, "220 mail.example ESMTP\r\n");
      assertThat(relay(server.getLocalPort()).unreachable()).isEmpty();
      greeter.join(5000);
    }
  }

  @Test
  void aServerThatAnswersOtherwiseOrNotAtAllIsNamed() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      greet(server, "554 go away\r\n");
      assertThat(relay(server.getLocalPort()).unreachable())
          .contains("the mail server did not greet");
    }
    int closed;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = gone.getLocalPort();
    }
    assertThat(relay(closed).unreachable()).contains("the mail server does not answer");
  }

  @Test
  void withoutAMailServerThereIsNothingToReach() {
    MailRelay relay = relay(25);
    relay.host = Optional.empty();
    assertThat(relay.unreachable()).isEmpty();
  }

  private static Thread greet(ServerSocket server, String line) {
    Thread thread =
        new Thread(
            () -> {
              try (Socket client = server.accept()) {
                OutputStream out = client.getOutputStream();
                out.write(line.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                client.getInputStream().read(new byte[64]);
              } catch (IOException ignored) {
                // The test asserts what the relay saw.
              }
            });
    thread.start();
    return thread;
  }
}
