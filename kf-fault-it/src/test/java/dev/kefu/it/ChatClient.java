package dev.kefu.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One side of a conversation, writing continuously as a person at the widget or the console does,
 * and behaving as those do when a server dies: one message in flight at a time, kept until it is
 * acknowledged; when the socket drops it reconnects to whichever node answers, resumes from what it
 * holds and sends the unacknowledged message again with the same {@code clientMsgId}; while the
 * server answers {@code unavailable} it tries again a moment later.
 *
 * <p>It writes down everything the checker needs: what it wrote, in order; every acknowledgement;
 * every message it received, by seq (a replay may repeat what it saw: the first counts); when its
 * socket dropped and when it was welcomed again; and whatever the server refused.
 *
 * <p>Runs in a thread of its own; the test reads {@link #lastAck()} and {@link #node()} while it
 * runs and everything else once the thread has ended.
 */
abstract class ChatClient implements Runnable {

  /** A message as its writer wrote it; {@code index} is its place in the writer's order. */
  record Written(int index, String clientMsgId, String text) {}

  record Ack(String conversationId, long seq, Instant at) {}

  /** A socket that dropped ({@code how}) and when a new one was welcomed. */
  record Reconnect(Instant dropped, String how, Instant welcomed) {}

  private static final Duration NO_ANSWER = Duration.ofSeconds(15);

  final String name;
  final String senderType;
  final List<Written> written = new ArrayList<>();
  final Map<String, Ack> acks = new HashMap<>();
  final List<Instant> ackTimes = new ArrayList<>();
  final Map<Long, String> received = new HashMap<>();
  final Set<String> conversationsOfFrames = new HashSet<>();
  final List<Reconnect> reconnects = new ArrayList<>();
  final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  int msgFrames;
  int repeatedFrames;
  int sends;
  int resends;
  int unavailable;
  int stalls;
  String conversationId;

  private final List<Node> nodes;
  private final Duration pause;
  private final Random random;
  private Socket socket;
  private volatile Node node;
  private volatile Node moveTo;
  private volatile Instant lastAck;
  private volatile boolean writing = true;
  private volatile boolean running = true;
  private volatile boolean welcomed;
  private Instant helloAt;
  private Written inFlight;
  private Instant inFlightSent;
  private Instant resendAt;
  private Instant nextWrite = Instant.now();
  private Instant nextConnect = Instant.now();
  private final TreeSet<Long> held = new TreeSet<>();
  private long contiguous;
  private int failedConnects;
  private boolean moved;
  private Instant droppedAt;
  private String dropHow;

  ChatClient(String name, String senderType, List<Node> nodes, Node first, Duration pause) {
    this.name = name;
    this.senderType = senderType;
    this.nodes = nodes;
    this.moveTo = first;
    this.pause = pause;
    this.random = new Random(name.hashCode());
  }

  /** Opens a socket on the node and says hello (resuming what it holds). */
  abstract Socket open(Node node);

  /** The {@code send} frame of a message. */
  abstract String sendFrame(Written message);

  /** Whether it has somewhere to write (an agent waits for its conversation). */
  abstract boolean canWrite();

  abstract void welcomed(Frame welcome);

  /** Sends a frame of its own on the current socket (a status, say). */
  void reply(String frame) {
    try {
      socket.send(frame);
    } catch (RuntimeException broken) {
      lost("send failed");
    }
  }

  /**
   * Whether the socket being welcomed replaced one it closed itself, as a page reload does, however
   * many attempts it took to open.
   */
  boolean moved() {
    return moved;
  }

  /** Frames of types the common part does not handle. */
  void other(Frame frame) {}

  /** Called each turn, for checks of its own (an agent fetches what it misses). */
  void turn(Instant now) {}

  // ---- what the test asks while it runs ----

  /** When the last acknowledgement came; null before the first. */
  Instant lastAck() {
    return lastAck;
  }

  /** The node its socket is on; null while it has none. */
  Node node() {
    return welcomed ? node : null;
  }

  /** Closes its socket as a page reload does and resumes on the given node. */
  void moveTo(Node target) {
    moveTo = target;
  }

  /** Writes nothing new from now on; what is in flight is still sent until acknowledged. */
  void stopWriting() {
    writing = false;
  }

  boolean idle() {
    synchronized (this) {
      return inFlight == null;
    }
  }

  void stop() {
    running = false;
  }

  /** The seqs of its own acknowledged messages. */
  synchronized List<Long> ackedSeqs() {
    return acks.values().stream().map(Ack::seq).toList();
  }

  synchronized boolean holdsAll(List<Long> seqs) {
    return held.containsAll(seqs);
  }

  /** The first acknowledgement after the instant; null when none came. */
  Instant firstAckAfter(Instant instant) {
    synchronized (this) {
      return ackTimes.stream().filter(t -> t.isAfter(instant)).findFirst().orElse(null);
    }
  }

  // ---- the loop ----

  @Override
  public void run() {
    try {
      while (running) {
        synchronized (this) {
          step();
        }
        if (socket == null) {
          Thread.sleep(20);
        }
      }
    } catch (Throwable failure) {
      problems.add(name + " stopped: " + failure);
    } finally {
      if (socket != null) {
        socket.close();
      }
    }
  }

  private void step() {
    Instant now = Instant.now();
    if (socket != null && !socket.isOpen()) {
      lost("closed " + socket.closeCode());
    }
    Node target = moveTo;
    if (target != null && socket != null && welcomed) {
      moveTo = null;
      socket.close();
      socket = null;
      welcomed = false;
      connect(List.of(target));
      moved = true;
      return;
    }
    if (socket == null) {
      if (!now.isBefore(nextConnect)) {
        moveTo = null;
        connect(target == null ? shuffledNodes() : List.of(target));
      }
      return;
    }
    for (Frame frame : socket.drain(Duration.ofMillis(20))) {
      handle(frame, Instant.now());
      if (socket == null) {
        return;
      }
    }
    now = Instant.now();
    if (!welcomed) {
      if (now.isAfter(helloAt.plus(NO_ANSWER))) {
        problems.add(name + ": no welcome within " + NO_ANSWER + " on " + node.name);
        giveUp();
      }
      return;
    }
    if (inFlight != null) {
      if (resendAt != null && !now.isBefore(resendAt)) {
        resends++;
        send(inFlight);
      } else if (resendAt == null && now.isAfter(inFlightSent.plus(NO_ANSWER))) {
        stalls++;
        resends++;
        send(inFlight);
      }
    } else if (writing && canWrite() && !now.isBefore(nextWrite)) {
      inFlight =
          new Written(
              written.size(),
              UUID.randomUUID().toString(),
              name + " line " + written.size() + " " + UUID.randomUUID());
      written.add(inFlight);
      send(inFlight);
    }
    if (socket != null) {
      turn(now);
    }
  }

  private List<Node> shuffledNodes() {
    List<Node> order = new ArrayList<>(nodes);
    Collections.shuffle(order, random);
    return order;
  }

  private void connect(List<Node> candidates) {
    for (Node candidate : candidates) {
      try {
        socket = open(candidate);
        node = candidate;
        welcomed = false;
        helloAt = Instant.now();
        return;
      } catch (RuntimeException | AssertionError refused) {
        // Down, still booting, or its database is: the next one, or later.
        socket = null;
      }
    }
    failedConnects++;
    nextConnect = Instant.now().plusMillis(backOff());
  }

  /** The widget's back-off: growing from a quarter of a second to two, with jitter. */
  private long backOff() {
    long ceiling = Math.min(2000, 250L << Math.min(failedConnects, 4));
    return ceiling / 2 + random.nextInt((int) ceiling / 2 + 1);
  }

  /** The socket dropped: reconnect in a moment and resume. */
  private void lost(String how) {
    if (droppedAt == null) {
      droppedAt = Instant.now();
      dropHow = how;
    }
    socket = null;
    welcomed = false;
    nextConnect = Instant.now().plusMillis(100 + random.nextInt(400));
  }

  /** The server did not welcome this socket: close it and try again later, anywhere. */
  private void giveUp() {
    if (droppedAt == null) {
      droppedAt = Instant.now();
      dropHow = "not welcomed";
    }
    socket.close();
    socket = null;
    welcomed = false;
    failedConnects++;
    nextConnect = Instant.now().plusMillis(backOff());
  }

  private void send(Written message) {
    sends++;
    inFlightSent = Instant.now();
    resendAt = null;
    try {
      socket.send(sendFrame(message));
    } catch (RuntimeException broken) {
      lost("send failed");
    }
  }

  private void handle(Frame frame, Instant now) {
    switch (frame.type()) {
      case "welcome" -> {
        welcomed = true;
        failedConnects = 0;
        if (droppedAt != null) {
          reconnects.add(new Reconnect(droppedAt, dropHow, now));
          droppedAt = null;
        }
        welcomed(frame);
        // A move ends with its first welcome, also one that took more than one attempt.
        moved = false;
        if (inFlight != null) {
          // Sent before the socket dropped, perhaps stored, never acknowledged: again, same id.
          resends++;
          send(inFlight);
        }
      }
      case "ack" -> acknowledged(frame, now);
      case "msg" -> received(frame.string("conversationId"), frame.number("seq"), text(frame));
      case "error" -> refused(frame, now);
      default -> other(frame);
    }
  }

  private void acknowledged(Frame frame, Instant now) {
    String clientMsgId = frame.string("clientMsgId");
    Ack ack = new Ack(frame.string("conversationId"), frame.number("seq"), now);
    Ack earlier = acks.putIfAbsent(clientMsgId, ack);
    if (earlier != null
        && (earlier.seq() != ack.seq() || !earlier.conversationId().equals(ack.conversationId()))) {
      problems.add(name + ": " + clientMsgId + " acknowledged as " + earlier + " and as " + ack);
    }
    if (conversationId == null) {
      conversationId = ack.conversationId();
    }
    hold(ack.seq());
    if (inFlight != null && inFlight.clientMsgId().equals(clientMsgId)) {
      inFlight = null;
      resendAt = null;
      lastAck = now;
      ackTimes.add(now);
      long jitter = random.nextLong(pause.toMillis() + 1);
      nextWrite = now.plusMillis(pause.toMillis() / 2 + jitter);
    }
  }

  /** A message frame (live, replayed or fetched); the first one of a seq counts. */
  void received(String conversation, long seq, String text) {
    msgFrames++;
    conversationsOfFrames.add(conversation);
    hold(seq);
    String before = received.putIfAbsent(seq, text);
    if (before != null) {
      repeatedFrames++;
      if (!before.equals(text)) {
        problems.add(name + ": seq " + seq + " came as '" + before + "' and as '" + text + "'");
      }
    }
  }

  private void refused(Frame frame, Instant now) {
    String code = frame.string("code");
    String ref = frame.json().containsKey("ref") ? frame.string("ref") : null;
    boolean aboutInFlight = inFlight != null && (ref == null || ref.equals(inFlight.clientMsgId()));
    switch (code) {
      case "unavailable" -> {
        unavailable++;
        if (!welcomed) {
          giveUp();
        } else if (aboutInFlight) {
          resendAt = now.plusMillis(300 + random.nextInt(700));
        }
      }
      case "rate_limited" -> {
        problems.add(name + ": rate limited");
        if (aboutInFlight) {
          resendAt = now.plusSeconds(1);
        }
      }
      default -> {
        problems.add(name + " on " + node.name + ": " + frame);
        if (aboutInFlight && ref != null) {
          // Refused for good: it will never be acknowledged, and the checker says so.
          inFlight = null;
        }
      }
    }
  }

  /** Holds the message of this seq now: one it received, or its own acknowledged one. */
  private void hold(long seq) {
    held.add(seq);
    while (held.contains(contiguous + 1)) {
      contiguous++;
    }
  }

  /** The highest seq it holds; 0 when none. */
  long highestHeld() {
    return held.isEmpty() ? 0 : held.last();
  }

  /** Every message up to this seq is held. */
  long contiguous() {
    return contiguous;
  }

  boolean holds(long seq) {
    return held.contains(seq);
  }

  private static String text(Frame frame) {
    return frame.json().isNull("text") ? null : frame.string("text");
  }
}
