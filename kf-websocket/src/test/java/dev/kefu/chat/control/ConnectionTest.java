package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionTest {

  static final Connection.Outbound BOUNDS = new Connection.Outbound(10_000, 15_000, 30_000);

  /** A socket as the container shows it: what was handed to it, and how it was closed. */
  static final class FakeSocket {
    final List<String> sent = new ArrayList<>();
    final List<SendHandler> inFlight = new ArrayList<>();
    boolean open = true;
    CloseReason closedWith;

    /** What sendText does: complete at once, keep the write in flight, or throw. */
    Mode mode = Mode.COMPLETE;

    Throwable failure;

    enum Mode {
      COMPLETE,
      HOLD,
      THROW
    }

    Session session() {
      RemoteEndpoint.Async async =
          (RemoteEndpoint.Async)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {RemoteEndpoint.Async.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                      if (mode == Mode.THROW) {
                        throw failure;
                      }
                      sent.add((String) args[0]);
                      SendHandler handler = (SendHandler) args[1];
                      if (mode == Mode.COMPLETE) {
                        handler.onResult(new SendResult());
                      } else {
                        inFlight.add(handler);
                      }
                      return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                  });
      return (Session)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Session.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "isOpen" -> open;
                    case "getAsyncRemote" -> async;
                    case "close" -> {
                      closedWith = (CloseReason) args[0];
                      open = false;
                      yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
    }

    void completeAll() {
      List<SendHandler> handlers = new ArrayList<>(inFlight);
      inFlight.clear();
      handlers.forEach(h -> h.onResult(new SendResult()));
    }

    int closeCode() {
      return closedWith == null ? 0 : closedWith.getCloseCode().getCode();
    }
  }

  static Connection connection(FakeSocket socket, long[] clock) {
    return connection(socket, () -> clock[0]);
  }

  static Connection connection(FakeSocket socket, java.util.function.LongSupplier clock) {
    Admission admission =
        new Admission(
            Admission.Side.VISITOR, "t-1", "s-1", null, "127.0.0.1", "test", Instant.now());
    return new Connection(
        socket.session(),
        admission,
        new RateLimit(20, 10_000_000_000L, System::nanoTime),
        BOUNDS,
        clock);
  }

  @Test
  void aSocketReportedClosedTwiceGivesBackWhatItHeldOnce() {
    Connection connection = connection(new FakeSocket(), new long[1]);
    assertThat(connection.firstCloseReport()).isTrue();
    assertThat(connection.firstCloseReport()).isFalse();
  }

  @Test
  void anErrorWhileEncodingClosesOnlyThatSocketAndNeverReachesTheSender() {
    FakeSocket socket = new FakeSocket();
    socket.mode = FakeSocket.Mode.THROW;
    socket.failure = new Error("java.nio.charset.MalformedInputException: Input length = 1");
    Connection connection = connection(socket, new long[1]);

    assertThatCode(() -> connection.send("{\"type\":\"msg\"}")).doesNotThrowAnyException();
    assertThat(socket.closeCode()).isEqualTo(1011);
    assertThatCode(() -> connection.send("{\"type\":\"pong\"}")).doesNotThrowAnyException();
  }

  @Test
  void aStoredLoneSurrogateGoesOutAsAReplacementCharacter() {
    FakeSocket socket = new FakeSocket();
    Connection connection = connection(socket, new long[1]);

    connection.send("{\"text\":\"a\ud800\"}");

    assertThat(socket.sent).containsExactly("{\"text\":\"a\ufffd\"}");
    assertThat(socket.closedWith).isNull();
  }

  @Test
  void aClientThatStopsReadingIsClosedWith1013BeforeItsQueuePassesTheBound() {
    FakeSocket socket = new FakeSocket();
    socket.mode = FakeSocket.Mode.HOLD;
    Connection connection = connection(socket, new long[1]);
    String frame = "x".repeat(1_000);

    for (int i = 0; i < 10; i++) {
      connection.send(frame);
    }
    assertThat(socket.closedWith).isNull();
    connection.send(frame);

    assertThat(socket.closeCode()).isEqualTo(1013);
    assertThat(socket.sent).hasSize(1);
  }

  @Test
  void theBoundCountsBytesOfUtf8NotFrames() {
    FakeSocket socket = new FakeSocket();
    socket.mode = FakeSocket.Mode.HOLD;
    Connection connection = connection(socket, new long[1]);

    // 3,400 Chinese characters are 10,200 bytes: one frame is over the bound of 10,000.
    connection.send("客".repeat(3_400));

    assertThat(socket.closeCode()).isEqualTo(1013);
  }

  @Test
  void theSocketsOfOneVisitorShareOneBound() {
    AtomicLong visitor = new AtomicLong();
    FakeSocket first = new FakeSocket();
    FakeSocket second = new FakeSocket();
    first.mode = FakeSocket.Mode.HOLD;
    second.mode = FakeSocket.Mode.HOLD;
    Connection one = connection(first, new long[1]);
    Connection two = connection(second, new long[1]);
    one.becomeVisitor("v-1", visitor);
    two.becomeVisitor("v-1", visitor);

    one.send("x".repeat(8_000));
    two.send("x".repeat(8_000));

    assertThat(first.closedWith).isNull();
    assertThat(second.closeCode()).isEqualTo(1013);
    // What the closed socket held no longer counts against the visitor.
    assertThat(visitor.get()).isEqualTo(8_000);
  }

  @Test
  void aFrameNotWrittenWithinTheSendTimeoutClosesTheSocket() {
    FakeSocket socket = new FakeSocket();
    socket.mode = FakeSocket.Mode.HOLD;
    long[] clock = {0};
    Connection connection = connection(socket, clock);

    connection.send("{\"type\":\"msg\"}");
    clock[0] += 29_000_000_000L;
    connection.send("{\"type\":\"msg\"}");
    assertThat(socket.closedWith).isNull();
    clock[0] += 2_000_000_000L;
    connection.send("{\"type\":\"msg\"}");

    assertThat(socket.closeCode()).isEqualTo(1013);
  }

  @Test
  void framesQueuedBehindASlowWriteGoOutInOrderWithoutDeepeningTheStack() {
    FakeSocket socket = new FakeSocket();
    socket.mode = FakeSocket.Mode.HOLD;
    Connection connection =
        new Connection(
            socket.session(),
            new Admission(
                Admission.Side.AGENT, "t-1", null, "a-1", "127.0.0.1", "test", Instant.now()),
            new RateLimit(20, 10_000_000_000L, System::nanoTime),
            new Connection.Outbound(10_000_000, 10_000_000, 30_000),
            System::nanoTime);
    connection.send("0");
    for (int i = 1; i <= 50_000; i++) {
      connection.send(Integer.toString(i));
    }
    // The first write completes; every later one completes at once, on the same thread.
    socket.mode = FakeSocket.Mode.COMPLETE;
    socket.completeAll();

    assertThat(socket.closedWith).isNull();
    assertThat(socket.sent).hasSize(50_001);
    assertThat(socket.sent.get(50_000)).isEqualTo("50000");
  }

  @Test
  void anAnswerIsHeldBackUntilTheClientHasReadHalfOfWhatWaits() throws Exception {
    FakeSocket socket = new FakeSocket();
    socket.mode = FakeSocket.Mode.HOLD;
    Connection connection = connection(socket, new long[1]);
    connection.reply("x".repeat(6_000));

    Thread reader =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              synchronized (socket) {
                socket.completeAll();
              }
            });
    reader.start();
    assertThat(connection.awaitRoom()).isTrue();
    reader.join();
    assertThat(socket.closedWith).isNull();
  }

  @Test
  void anAnswerTheClientNeverReadsEndsTheSocketAfterTheSendTimeout() {
    FakeSocket socket = new FakeSocket();
    socket.mode = FakeSocket.Mode.HOLD;
    // A clock that moves ten seconds each time it is read: the wait runs out at once.
    long[] clock = {0};
    Connection connection = connection(socket, () -> clock[0] += 10_000_000_000L);
    connection.reply("x".repeat(6_000));

    assertThat(connection.awaitRoom()).isFalse();
    assertThat(socket.closeCode()).isEqualTo(1013);
  }
}
