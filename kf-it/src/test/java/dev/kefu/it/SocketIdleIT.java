package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A socket that sends nothing for {@code kf.ws.idle-timeout-seconds} is closed by the server, and
 * every frame, a ping included, starts that time again. The timer runs on Kefu's own scheduler, not
 * the container's managed one ({@code SocketTimer}); closing on it must still give the socket's
 * place back and leave the conversation to resume.
 *
 * <p>The idle timeout has nothing to do with the database, so the class runs on H2 only (see the
 * pom), on a server of its own with a 5-second timeout.
 */
@ExtendWith(KefuServer.class)
@KefuServer.Settings({"kf.ws.idle-timeout-seconds=5"})
@Order(Integer.MAX_VALUE - 2) // a server of its own, so the others share one before it
@ResourceLock(KefuServer.RESOURCE)
class SocketIdleIT {

  // Long enough for a hello's welcome on a busy machine: the hello's time counts as silence too.
  private static final Duration IDLE = Duration.ofSeconds(5);

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void aSilentSocketIsClosedOnceTheIdleTimeoutHasPassed() {
    try (Kefu.Visitor visitor = kefu.visitor()) {
      long silentFrom = System.nanoTime();
      // Tyrus closes an idle socket with 1000 and the reason of its own (docs/protocol.md).
      int code = visitor.socket().closeCode();
      Duration silent = Duration.ofNanos(System.nanoTime() - silentFrom);

      assertThat(code).as("close code").isEqualTo(1000);
      assertThat(silent).isGreaterThanOrEqualTo(IDLE.minusMillis(100));
    }
  }

  @Test
  void everyFrameStartsTheIdleTimeAgain() {
    try (Kefu.Visitor visitor = kefu.visitor()) {
      // Three idle timeouts long, with a ping every half timeout.
      for (int i = 0; i < 6; i++) {
        sleep(IDLE.dividedBy(2));
        visitor.socket().untilPong();
      }
      assertThat(visitor.socket().isOpen()).isTrue();
    }
  }

  @Test
  void aVisitorClosedForSilenceResumesItsConversation() {
    String conversationId;
    try (Kefu.Visitor visitor = kefu.visitor()) {
      visitor.socket().send(Kefu.sendFrame(UUID.randomUUID().toString(), "before the silence"));
      Frame ack = visitor.socket().next("ack");
      conversationId = ack.string("conversationId");
      visitor.socket().closeCode();

      // Well over the per-address limit of sockets: each closed one must have been given back.
      for (int i = 0; i < 25; i++) {
        try (Kefu.Visitor again = kefu.visitor()) {
          assertThat(again.welcome().string("visitorId")).startsWith("v-");
        }
      }

      try (Socket resumed = kefu.visitorSocket()) {
        resumed.send(VisitorProtocolIT.hello(visitor.token(), conversationId, 0));
        List<Frame> replay = VisitorProtocolIT.framesUntilWelcome(resumed);
        assertThat(replay).extracting(f -> f.string("text")).containsExactly("before the silence");
        resumed.next("welcome");
        resumed.send(Kefu.sendFrame(UUID.randomUUID().toString(), "after the silence"));
        Frame next = resumed.next("ack");
        assertThat(next.string("conversationId")).isEqualTo(conversationId);
        assertThat(next.number("seq")).isEqualTo(ack.number("seq") + 1);
      }
    }
  }

  private static void sleep(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
