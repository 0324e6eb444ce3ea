package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A protocol client for tests: a real WebSocket, the frames it received in order, and the close
 * code it ended with.
 */
final class Socket implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final WebSocket ws;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final List<Frame> seen = new ArrayList<>();
  private final CompletableFuture<Integer> closed;
  private final Listener listener;

  private Socket(WebSocket ws, CompletableFuture<Integer> closed, Listener listener) {
    this.ws = ws;
    this.closed = closed;
    this.listener = listener;
  }

  /** Opens a socket, or throws {@link Refused} with the HTTP status of a refused handshake. */
  static Socket open(URI uri, String origin) {
    return open(uri, origin, java.util.Map.of());
  }

  /** Opens a socket with extra handshake headers ({@code X-Forwarded-For}, say). */
  static Socket open(URI uri, String origin, java.util.Map<String, String> headers) {
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    Listener listener = new Listener(closed);
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
    if (origin != null) {
      builder.header("Origin", origin);
    }
    headers.forEach(builder::header);
    try {
      WebSocket ws = builder.buildAsync(uri, listener).join();
      Socket socket = new Socket(ws, closed, listener);
      synchronized (listener) {
        listener.socket = socket;
        listener.pending.forEach(socket.frames::add);
      }
      return socket;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        throw new Refused(refused.getResponse().statusCode());
      }
      throw e;
    }
  }

  void send(String frame) {
    ws.sendText(frame, true).join();
  }

  /** A binary frame, which the protocol does not speak. */
  void sendBinary(byte[] frame) {
    ws.sendBinary(java.nio.ByteBuffer.wrap(frame), true).join();
  }

  private final java.util.Deque<Frame> pushedBack = new java.util.ArrayDeque<>();

  /** Puts a frame back to be read again by the next {@link #next()}. */
  void pushBack(Frame frame) {
    pushedBack.push(frame);
  }

  /** The next frame, whatever its type. */
  Frame next() {
    if (!pushedBack.isEmpty()) {
      return pushedBack.pop();
    }
    try {
      Frame frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(frame)
          .as("a frame within %s (seen so far: %s; %s)", WAIT, seen, closeState())
          .isNotNull();
      seen.add(frame);
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame of this type; frames of other types before it are passed over. */
  Frame next(String type) {
    return next(f -> f.type().equals(type));
  }

  Frame next(Predicate<Frame> wanted) {
    while (true) {
      Frame frame = next();
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  /** Every frame read so far, in order. */
  List<Frame> seen() {
    return List.copyOf(seen);
  }

  /** Frames that arrive within {@code quiet}; for proving that nothing more comes. */
  List<Frame> drain(Duration quiet) {
    List<Frame> rest = new ArrayList<>();
    try {
      Frame frame;
      while ((frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
        seen.add(frame);
        rest.add(frame);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return rest;
  }

  /**
   * Everything the server sent this socket before it answered a ping sent now: the round-trip
   * barrier after which "nothing arrived" is a fact rather than a guess of how long to wait. The
   * server handles a socket's frames in order and fans out an event before it acknowledges what
   * caused it, so whatever an acknowledged action sent here is in front of the pong.
   */
  List<Frame> untilPong() {
    send("{\"type\":\"ping\"}");
    List<Frame> before = new ArrayList<>();
    for (Frame frame = next(); !frame.type().equals("pong"); frame = next()) {
      before.add(frame);
    }
    return before;
  }

  /** The close code the server ended the socket with. */
  int closeCode() {
    return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** The reason the server gave with its close, once it has closed ({@link #closeCode}). */
  String closeReason() {
    closeCode();
    return listener.reason == null ? "" : listener.reason;
  }

  /** How the socket stands, for a failure's message: open, or closed with which code and why. */
  private String closeState() {
    return closed.isDone() ? "closed with " + closed.join() + " " + listenerReason() : "still open";
  }

  private String listenerReason() {
    return '"' + (listener.reason == null ? "" : listener.reason) + '"';
  }

  boolean isOpen() {
    return !closed.isDone();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      try {
        closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        ws.abort();
      }
    }
  }

  /** A handshake the server refused with an HTTP status. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status) {
      super("handshake refused with HTTP " + status);
      this.status = status;
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final CompletableFuture<Integer> closed;
    private final StringBuilder partial = new StringBuilder();
    private final List<Frame> pending = new ArrayList<>();
    volatile Socket socket;
    volatile String reason;

    Listener(CompletableFuture<Integer> closed) {
      this.closed = closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        Frame frame = Frame.parse(partial.toString());
        partial.setLength(0);
        synchronized (this) {
          if (socket == null) {
            pending.add(frame);
          } else {
            socket.frames.add(frame);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      this.reason = reason;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      this.reason = String.valueOf(error);
      closed.complete(-1);
    }
  }
}
