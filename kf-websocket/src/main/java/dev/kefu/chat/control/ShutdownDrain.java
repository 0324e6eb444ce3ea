package dev.kefu.chat.control;

import dev.kefu.health.boundary.NodeHealth;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stops this node's sockets cleanly before the server goes down: no new socket or frame is taken,
 * the frames being handled are finished (what they stored is acknowledged), and every socket is
 * closed with 1001 ("going away"), which tells clients to resume on another node at once, instead
 * of the abrupt end (1006) they would see when the server just stops.
 *
 * <p>The standalone server ({@code bin/kefu-server}, {@code -Dkf.shutdown.drain-on-term=true})
 * drains on SIGTERM before the JVM's own shutdown begins, since by the time the application is
 * being undeployed the server has stopped listening. An application server stopped by its own
 * command ends the sockets as it stops (docs/operations.md).
 */
@ApplicationScoped
public class ShutdownDrain {

  /** The system property that makes SIGTERM drain first. */
  public static final String ON_TERM = "kf.shutdown.drain-on-term";

  static final long IN_FLIGHT_MILLIS = 5_000;
  static final long WRITTEN_MILLIS = 1_000;
  static final long CLOSING_MILLIS = 2_000;

  private static final Logger LOG = Logger.getLogger(ShutdownDrain.class.getName());
  private static final Signal TERM = new Signal("TERM");

  @Inject Connections connections;
  @Inject NodeHealth health;

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;
  private volatile boolean drained;
  private SignalHandler previous;
  private ClassLoader application;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (Boolean.getBoolean(ON_TERM)) {
      try {
        application = Thread.currentThread().getContextClassLoader();
        previous = Signal.handle(TERM, this::terminated);
        LOG.info("SIGTERM closes the chat sockets with 1001 before the server stops");
      } catch (IllegalArgumentException | UnsupportedOperationException refused) {
        LOG.log(
            Level.WARNING, "SIGTERM cannot be handled here; sockets will not be drained", refused);
      }
    }
  }

  /** Gives SIGTERM back to the JVM when the application goes (a redeploy, say). */
  @PreDestroy
  void stop() {
    if (previous != null) {
      Signal.handle(TERM, previous);
      previous = null;
    }
  }

  private void terminated(Signal signal) {
    SignalHandler next = previous;
    Thread drainer =
        new Thread(
            () -> {
              try {
                drain();
              } catch (RuntimeException | LinkageError failed) {
                LOG.log(Level.WARNING, "the chat sockets could not be drained", failed);
              } finally {
                if (next == null
                    || next == SignalHandler.SIG_DFL
                    || next == SignalHandler.SIG_IGN) {
                  System.exit(128 + signal.getNumber());
                } else {
                  next.handle(signal); // the JVM's own: shutdown hooks, the server stops
                }
              }
            },
            "kefu-shutdown-drain");
    // The application's class loader, as the container's own threads have: the beans it calls
    // read the application's configuration through it.
    drainer.setContextClassLoader(application);
    drainer.start();
  }

  /**
   * Takes a frame for handling; false while the node drains (the frame is then refused). Each true
   * is followed by one {@link #done()}.
   */
  public boolean begin() {
    inFlight.incrementAndGet();
    if (draining) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  public void done() {
    inFlight.decrementAndGet();
  }

  public boolean draining() {
    return draining;
  }

  /**
   * Refuses new sockets and frames, waits for the frames being handled (at most {@value
   * #IN_FLIGHT_MILLIS} ms) and for what they answered to be written (at most {@value
   * #WRITTEN_MILLIS} ms), then closes every socket with 1001 and waits for the closes (at most
   * {@value #CLOSING_MILLIS} ms). Once only.
   */
  public synchronized void drain() {
    if (drained) {
      return;
    }
    drained = true;
    draining = true;
    health.startDraining();
    long started = System.nanoTime();
    int open = connections.all().size();
    LOG.info(
        () ->
            "shutting down: no new sockets or frames; finishing "
                + inFlight.get()
                + " frames, then closing "
                + open
                + " sockets with 1001");
    waitUntil(() -> inFlight.get() == 0, IN_FLIGHT_MILLIS);
    // The answers to those frames (their acknowledgements) go out before the close.
    List<Connection> closing = connections.all();
    waitUntil(() -> closing.stream().allMatch(Connection::flushed), WRITTEN_MILLIS);
    for (Connection connection : closing) {
      connection.close(CloseCodes.GOING_AWAY, "server shutting down");
    }
    waitUntil(() -> connections.all().isEmpty(), CLOSING_MILLIS);
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    int left = connections.all().size();
    LOG.info(
        () ->
            "shutting down: "
                + closing.size()
                + " sockets closed with 1001 in "
                + took
                + " ms"
                + (left == 0 ? "" : "; " + left + " had not closed yet"));
  }

  private static void waitUntil(java.util.function.BooleanSupplier done, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
