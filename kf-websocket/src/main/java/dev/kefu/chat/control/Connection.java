package dev.kefu.chat.control;

import dev.kefu.shared.PublicId;
import dev.kefu.shared.Text;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open socket of a visitor or an agent. Frames go out one at a time, in the order they were
 * given, without blocking the thread that gives them. While an answer is being made ({@link
 * #hold()}), other frames for this socket wait so that the answer goes out first.
 *
 * <p>Nothing that happens to one socket reaches the others: {@link #send} never throws, whatever
 * the container does while encoding or writing (a {@code java.lang.Error} included), and a socket
 * that failed is closed and takes no more frames. What waits for a socket is bounded in bytes
 * ({@link Outbound}), for the socket and for all sockets of the same visitor: a client that stops
 * reading is closed with 1013 rather than allowed to fill the server's memory, and so is a socket
 * whose one frame in flight has not been written within the send timeout.
 */
public final class Connection {

  private static final Logger LOG = Logger.getLogger(Connection.class.getName());
  private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * What may wait for one socket, and for all sockets of one visitor on this node, in bytes of
   * UTF-8; and how long one frame may take to be written before the socket counts as stuck.
   */
  public record Outbound(long maxSocketBytes, long maxVisitorBytes, long sendTimeoutMillis) {}

  private final String id = PublicId.randomToken(9);
  private final Session session;
  private final Admission admission;
  private final AtomicBoolean closeReported = new AtomicBoolean();
  private final RateLimit rateLimit;
  private final Outbound outbound;
  private final LongSupplier nanoClock;
  private final Object lock = new Object();
  private final Deque<Queued> pending = new ArrayDeque<>();
  private List<Queued> held;
  private long queuedBytes;
  private long writingSince;
  private boolean writing;
  private boolean sending;
  private boolean writtenWhileSending;
  private boolean failed;
  private CloseReason closeDue;
  private int strikes;
  private AtomicLong visitorBytes = new AtomicLong();
  private volatile String visitorId;
  private volatile boolean greeted;
  private volatile boolean malformedLogged;

  /** A frame waiting for the socket, with its size in UTF-8. */
  private record Queued(String frame, long bytes) {}

  public Connection(Session session, Admission admission, RateLimit rateLimit, Outbound outbound) {
    this(session, admission, rateLimit, outbound, System::nanoTime);
  }

  Connection(
      Session session,
      Admission admission,
      RateLimit rateLimit,
      Outbound outbound,
      LongSupplier nanoClock) {
    this.session = session;
    this.admission = admission;
    this.rateLimit = rateLimit;
    this.outbound = outbound;
    this.nanoClock = nanoClock;
  }

  /** Queues a frame for the client. Never throws. */
  public void send(String frame) {
    synchronized (lock) {
      Queued queued = admit(frame);
      if (queued != null) {
        if (held != null) {
          held.add(queued);
        } else {
          enqueue(queued);
        }
      }
    }
    closeIfDue();
    pump();
  }

  /** Frames given to {@link #send} from now on wait until {@link #release()}. */
  public void hold() {
    synchronized (lock) {
      if (held == null) {
        held = new ArrayList<>();
      }
    }
  }

  /**
   * Queues an answer to the client's frame, ahead of any frame that is being held. Never throws.
   */
  public void reply(String frame) {
    synchronized (lock) {
      Queued queued = admit(frame);
      if (queued != null) {
        enqueue(queued);
      }
    }
    closeIfDue();
    pump();
  }

  /** Sends every frame that waited, in order, and stops holding. */
  public void release() {
    synchronized (lock) {
      List<Queued> waiting = held;
      held = null;
      if (waiting != null) {
        waiting.forEach(this::enqueue);
      }
    }
    closeIfDue();
    pump();
  }

  /**
   * Waits until at most half of what may wait for this socket is still waiting, so that a long
   * answer (a replay of history) goes out page by page at the pace the client reads it. False when
   * the socket has failed, or the client did not read within the send timeout (the socket is then
   * closed with 1013).
   */
  public boolean awaitRoom() {
    long deadline = nanoClock.getAsLong() + sendTimeoutNanos();
    try {
      synchronized (lock) {
        while (!failed && queuedBytes > outbound.maxSocketBytes() / 2) {
          long left = deadline - nanoClock.getAsLong();
          if (left <= 0) {
            fail(CloseCodes.TRY_AGAIN_LATER, "the client does not read its frames", null);
            break;
          }
          // In slices, so the clock is read again even if no write completes.
          TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, WAIT_SLICE_NANOS));
        }
        return !failed;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      closeIfDue();
    }
  }

  /**
   * Counts the frame against both bounds; null when the socket has failed or the frame does not fit
   * (the socket is then closed with 1013). Called with the lock held.
   */
  private Queued admit(String frame) {
    if (failed) {
      return null;
    }
    if (!session.isOpen()) {
      failed = true;
      dropQueued();
      return null;
    }
    long size = bytes(frame);
    if (queuedBytes + size > outbound.maxSocketBytes()
        || visitorBytes.get() + size > outbound.maxVisitorBytes()) {
      fail(CloseCodes.TRY_AGAIN_LATER, "the client does not read its frames", null);
      return null;
    }
    queuedBytes += size;
    visitorBytes.addAndGet(size);
    return new Queued(frame, size);
  }

  // Called with the lock held.
  private void enqueue(Queued queued) {
    if (failed) {
      return;
    }
    if (writing && nanoClock.getAsLong() - writingSince > sendTimeoutNanos()) {
      fail(CloseCodes.TRY_AGAIN_LATER, "a frame was not written within the send timeout", null);
      return;
    }
    pending.add(queued);
  }

  /**
   * Hands the waiting frames to the container, one write at a time. Called without the lock held:
   * the container's writer has a lock of its own and calls {@link #written} inside it, so holding
   * this lock while calling the container would take the two in the opposite order, and a write
   * stuck on a client that does not read would stop every thread that sends to it. A write the
   * container completes at once, on this thread, is followed by the next in this loop rather than
   * by recursion.
   */
  private void pump() {
    while (true) {
      Queued next;
      synchronized (lock) {
        if (failed || writing || (next = pending.poll()) == null) {
          return;
        }
        writing = true;
        writingSince = nanoClock.getAsLong();
        writtenWhileSending = false;
        sending = true;
      }
      try {
        // Text stored before the edge refused lone surrogates must still be sendable: the
        // container cannot encode them and would fail the socket for good.
        session
            .getAsyncRemote()
            .sendText(Text.wellFormed(next.frame()), result -> written(result, next.bytes()));
      } catch (VirtualMachineError fatal) {
        synchronized (lock) {
          fail(CloseCodes.UNEXPECTED_CONDITION, "the server could not send a frame", fatal);
        }
        closeIfDue();
        throw fatal;
      } catch (Throwable failure) {
        synchronized (lock) {
          fail(CloseCodes.UNEXPECTED_CONDITION, "the server could not send a frame", failure);
        }
      }
      boolean again;
      synchronized (lock) {
        sending = false;
        again = writtenWhileSending;
      }
      closeIfDue();
      if (!again) {
        return;
      }
    }
  }

  private void written(SendResult result, long size) {
    boolean next = false;
    synchronized (lock) {
      release(size);
      writing = false;
      lock.notifyAll();
      if (failed) {
        return;
      }
      if (!result.isOK()) {
        LOG.log(Level.FINE, "send failed on connection " + id, result.getException());
        fail(CloseCodes.UNEXPECTED_CONDITION, null, null);
      } else if (sending) {
        writtenWhileSending = true;
      } else {
        next = true;
      }
    }
    closeIfDue();
    if (next) {
      pump();
    }
  }

  /**
   * Gives up on the socket: what waited is dropped and nothing more is taken; the socket is closed
   * with {@code code} once the lock is released. A null {@code reason} (the transport has already
   * failed) is not logged. Called with the lock held.
   */
  private void fail(CloseReason.CloseCode code, String reason, Throwable cause) {
    if (failed) {
      return;
    }
    failed = true;
    writing = false;
    dropQueued();
    lock.notifyAll();
    if (cause != null) {
      LOG.log(Level.WARNING, "closing connection " + id + ": " + reason, cause);
    } else if (reason != null) {
      LOG.warning(() -> "closing connection " + id + ": " + reason);
    }
    closeDue = new CloseReason(code, reason == null ? "" : reason);
  }

  /** Closes the socket outside the lock, as the container may write while it closes. */
  private void closeIfDue() {
    CloseReason due;
    synchronized (lock) {
      due = closeDue;
      closeDue = null;
    }
    if (due != null) {
      close(due.getCloseCode(), due.getReasonPhrase());
    }
  }

  // Called with the lock held.
  private void dropQueued() {
    long dropped = 0;
    for (Queued queued : pending) {
      dropped += queued.bytes();
    }
    if (held != null) {
      for (Queued queued : held) {
        dropped += queued.bytes();
      }
      held.clear();
    }
    pending.clear();
    release(dropped);
  }

  private void release(long size) {
    queuedBytes -= size;
    visitorBytes.addAndGet(-size);
  }

  private long sendTimeoutNanos() {
    return TimeUnit.MILLISECONDS.toNanos(outbound.sendTimeoutMillis());
  }

  /** Bytes of the frame in UTF-8 (a lone surrogate counts as the replacement it becomes). */
  static long bytes(String frame) {
    long bytes = 0;
    for (int i = 0, n = frame.length(); i < n; i++) {
      char c = frame.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(frame.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
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

  /** Whether the socket's first malformed frame has been logged; true only the first time. */
  public boolean firstMalformed() {
    if (malformedLogged) {
      return false;
    }
    malformedLogged = true;
    return true;
  }

  /**
   * The socket has closed: what still waited for it is dropped, and no longer counts against the
   * visitor's bound.
   */
  public void discard() {
    synchronized (lock) {
      failed = true;
      writing = false;
      dropQueued();
      lock.notifyAll();
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

  /** Whether everything given to this socket has been written (or the socket has failed). */
  public boolean flushed() {
    synchronized (lock) {
      return failed || (!writing && pending.isEmpty() && (held == null || held.isEmpty()));
    }
  }

  public Admission admission() {
    return admission;
  }

  /**
   * True the first time only, so that what a closed socket gives back (its place among its
   * address's sockets, its presence) is given back once, however often the container reports it.
   */
  public boolean firstCloseReport() {
    return closeReported.compareAndSet(false, true);
  }

  public String visitorId() {
    return visitorId;
  }

  /**
   * The socket acts for this visitor from now on; {@code backlog} counts what waits for all of the
   * visitor's sockets on this node.
   */
  public void becomeVisitor(String visitorId, AtomicLong backlog) {
    synchronized (lock) {
      long mine = queuedBytes;
      visitorBytes.addAndGet(-mine);
      backlog.addAndGet(mine);
      this.visitorBytes = backlog;
      this.visitorId = visitorId;
    }
  }

  public boolean greeted() {
    return greeted;
  }

  public void greet() {
    this.greeted = true;
  }

  // Where the visitor is, and what their widget was last told of who answers (AvailabilityPush).
  private volatile String visitorPage;
  private volatile String visitorLocale;
  private String availabilityTold;

  /** Where the visitor of this socket is, which decides where routing sends them. */
  public void visitorAt(String pageUrl, String locale) {
    if (pageUrl != null) {
      this.visitorPage = pageUrl;
    }
    if (locale != null) {
      this.visitorLocale = locale;
    }
  }

  public String visitorPage() {
    return visitorPage;
  }

  public String visitorLocale() {
    return visitorLocale;
  }

  /**
   * Notes what the widget has now been told about who answers ({@code welcome}, {@code
   * availability}); false when it was told exactly that last time, so it need not be told again.
   */
  public boolean tellAvailability(String frame) {
    synchronized (lock) {
      if (frame.equals(availabilityTold)) {
        return false;
      }
      availabilityTold = frame;
      return true;
    }
  }
}
