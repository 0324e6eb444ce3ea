package dev.kefu.health.boundary;

import dev.kefu.health.control.FatalFault;
import dev.kefu.shared.BackgroundFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this node is fatally broken: it met a fault that only a restart cures (the heap ran out,
 * its embedded database closed under it), after which every request it took would fail while it
 * still looked alive. From the first report on, readiness and liveness are down, {@code
 * /api/v1/status} answers 503, and with {@code kf.fatal.exit} (on in the standalone server) the
 * process ends with status {@value #EXIT_STATUS} for its supervisor to start it again. On a shared
 * application server the setting stays off: health goes down and the operator (or the orchestrator
 * watching {@code /health/live}) decides.
 *
 * <p>Code anywhere in Kefu that catches a {@link VirtualMachineError}, or meets a failure that may
 * hide one, reports it here: {@link #fatal} with a reason of its own, or {@link #reportIfFatal}
 * with the failure. The first report wins; it is logged once, as one SEVERE line.
 */
@ApplicationScoped
public class NodeHealth {

  /** The exit status of a process that ends because of a fatal fault ({@code EX_SOFTWARE}). */
  public static final int EXIT_STATUS = 70;

  private static final Logger LOG = Logger.getLogger(NodeHealth.class.getName());

  /** How long the server may take to shut down cleanly before the process is halted. */
  private static final long HALT_AFTER_SECONDS = 30;

  @Inject
  @ConfigProperty(name = "kf.fatal.exit", defaultValue = "false")
  boolean exitOnFatal;

  private final AtomicReference<String> fatal = new AtomicReference<>();
  private final IntConsumer exit;

  public NodeHealth() {
    this(NodeHealth::exitProcess);
  }

  NodeHealth(IntConsumer exit) {
    this.exit = exit;
  }

  /**
   * Declares this node fatally broken. The reason is shown on the health endpoints, so it names
   * what happened in a few words and nothing internal ("out of memory"); the cause goes to the log
   * only. Does nothing while the server is shutting down, when a closed database is expected.
   */
  public void fatal(String reason, Throwable cause) {
    if (shuttingDown() || !fatal.compareAndSet(null, reason)) {
      return;
    }
    try {
      LOG.severe(
          "Kefu cannot go on: "
              + reason
              + (cause == null ? "" : " (" + summary(cause) + ")")
              + (exitOnFatal
                  ? "; the process exits with status " + EXIT_STATUS + " to be restarted"
                  : "; health reports DOWN until the server is restarted"));
    } catch (Throwable logFailed) {
      // Out of memory again, most likely: the state is recorded, and that is what counts.
    }
    if (exitOnFatal) {
      exit.accept(EXIT_STATUS);
    }
  }

  /**
   * Reports the failure when it shows a fatal fault (see {@link FatalFault}), however deeply it is
   * wrapped; answers whether it did. Call it where failures are caught in bulk (exception mappers,
   * socket send paths), then handle the failure as before.
   */
  public boolean reportIfFatal(Throwable failure) {
    Optional<FatalFault.Found> found = FatalFault.in(failure);
    found.ifPresent(f -> fatal(f.fault().reason(), f.evidence()));
    return found.isPresent();
  }

  /**
   * A sweep or sender that failed reports it here: such work meets a closed embedded database
   * within seconds, however quiet the node, beside the database watch.
   */
  void onBackgroundFailure(@Observes BackgroundFailure failure) {
    reportIfFatal(failure.cause());
  }

  private volatile boolean draining;

  /**
   * This node is shutting down: it takes no new sockets and frames, and reports so on the health
   * endpoints, so that a load balancer sends nobody new to it.
   */
  public void startDraining() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  /** Why this node is fatally broken; empty while it is not. */
  public Optional<String> fatalReason() {
    return Optional.ofNullable(fatal.get());
  }

  private static String summary(Throwable cause) {
    if (cause instanceof SQLException sql) {
      // The driver's message may carry advice that does not fit (H2's about DB_CLOSE_ON_EXIT).
      return cause.getClass().getName() + ", error " + sql.getErrorCode();
    }
    String message = cause.getMessage();
    if (message == null) {
      return cause.getClass().getName();
    }
    int end = message.indexOf('\n');
    return cause.getClass().getName() + ": " + (end < 0 ? message : message.substring(0, end));
  }

  /** Whether the JVM has begun to shut down, when the embedded database closes by design. */
  static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true;
    }
  }

  /**
   * Ends the process from a thread of its own, so that the caller (a request, a timer) is not held
   * while the server shuts down and waits for it. Should the clean shutdown hang, the process is
   * halted.
   */
  private static void exitProcess(int status) {
    Thread exit =
        new Thread(
            () -> {
              Thread halt =
                  new Thread(
                      () -> {
                        try {
                          TimeUnit.SECONDS.sleep(HALT_AFTER_SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        Runtime.getRuntime().halt(status);
                      },
                      "kefu-fatal-halt");
              halt.setDaemon(true);
              halt.start();
              System.exit(status);
            },
            "kefu-fatal-exit");
    exit.setDaemon(true);
    exit.start();
  }
}
