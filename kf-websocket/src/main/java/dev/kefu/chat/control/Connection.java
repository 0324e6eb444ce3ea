package dev.kefu.chat.control;

import dev.kefu.shared.PublicId;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open socket of a visitor or an agent. Frames go out one at a time, in the order they were
 * given, without blocking the thread that gives them; a client that stops reading is disconnected
 * rather than allowed to fill the server's memory. While an answer is being made ({@link #hold()}),
 * other frames for this socket wait so that the answer goes out first.
 */
public final class Connection {

  private static final Logger LOG = Logger.getLogger(Connection.class.getName());
  private static final int MAX_PENDING = 1000;

  private final String id = PublicId.randomToken(9);
  private final Session session;
  private final Admission admission;
  private final RateLimit rateLimit;
  private final Object lock = new Object();
  private final Deque<String> pending = new ArrayDeque<>();
  private List<String> held;
  private boolean writing;
  private int strikes;
  private volatile String visitorId;
  private volatile boolean greeted;

  public Connection(Session session, Admission admission, RateLimit rateLimit) {
    this.session = session;
    this.admission = admission;
    this.rateLimit = rateLimit;
  }

  /** Queues a frame for the client. */
  public void send(String frame) {
    synchronized (lock) {
      if (held != null) {
        held.add(frame);
        return;
      }
      enqueue(frame);
    }
  }

  /** Frames given to {@link #send} from now on wait until {@link #release()}. */
  public void hold() {
    synchronized (lock) {
      if (held == null) {
        held = new ArrayList<>();
      }
    }
  }

  /** Queues an answer to the client's frame, ahead of any frame that is being held. */
  public void reply(String frame) {
    synchronized (lock) {
      enqueue(frame);
    }
  }

  /** Sends every frame that waited, in order, and stops holding. */
  public void release() {
    synchronized (lock) {
      List<String> waiting = held;
      held = null;
      if (waiting != null) {
        waiting.forEach(this::enqueue);
      }
    }
  }

  private void enqueue(String frame) {
    if (!session.isOpen()) {
      return;
    }
    if (pending.size() >= MAX_PENDING) {
      LOG.warning(() -> "closing connection " + id + ": the client does not read its frames");
      pending.clear();
      close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too many unread frames");
      return;
    }
    pending.add(frame);
    if (!writing) {
      writeNext();
    }
  }

  // Called with the lock held.
  private void writeNext() {
    String frame = pending.poll();
    if (frame == null) {
      writing = false;
      return;
    }
    writing = true;
    try {
      session
          .getAsyncRemote()
          .sendText(
              frame,
              result -> {
                if (!result.isOK()) {
                  LOG.log(Level.FINE, "send failed on connection " + id, result.getException());
                }
                synchronized (lock) {
                  writeNext();
                }
              });
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "send failed on connection " + id, e);
      pending.clear();
      writing = false;
    }
  }

  /** Counts one more frame; false when the client is over its rate. */
  public boolean withinRate() {
    return rateLimit.tryAcquire();
  }

  /** Counts a rate-limit error; answers how many the client has had. */
  public int strike() {
    synchronized (lock) {
      return ++strikes;
    }
  }

  public void close(CloseReason.CloseCode code, String reason) {
    try {
      if (session.isOpen()) {
        session.close(new CloseReason(code, reason));
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "close failed on connection " + id, e);
    }
  }

  public String id() {
    return id;
  }

  public Admission admission() {
    return admission;
  }

  public String visitorId() {
    return visitorId;
  }

  public void becomeVisitor(String visitorId) {
    this.visitorId = visitorId;
  }

  public boolean greeted() {
    return greeted;
  }

  public void greet() {
    this.greeted = true;
  }
}
