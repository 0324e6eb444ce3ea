package dev.kefu.health.control;

import dev.kefu.health.boundary.NodeHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether the database answers: one cheap query on a connection of Kefu's pool, with a short
 * timeout. At most one query runs at a time, in the thread of the caller that found none running,
 * and its answer serves every caller for a second, so that health endpoints polled by anyone cost
 * the database nothing worth speaking of. Callers meanwhile wait for that answer up to the timeout;
 * an answer later than that counts as none. A failure that shows a {@link FatalFault} (the embedded
 * database closed) is reported to {@link NodeHealth}.
 */
@ApplicationScoped
public class DatabaseProbe {

  static final String NO_ANSWER = "database does not answer";

  private static final Logger LOG = Logger.getLogger(DatabaseProbe.class.getName());
  private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  @Inject DataSource dataSource;

  @Inject NodeHealth node;

  @Inject
  @ConfigProperty(name = "kf.health.database-timeout-seconds", defaultValue = "5")
  int timeoutSeconds;

  private final Object lock = new Object();
  private final AtomicBoolean answering = new AtomicBoolean(true);
  private CompletableFuture<Optional<String>> probe;
  private long probeStarted;

  /** Empty when the database answered; else why it did not, in words fit for anyone to read. */
  public Optional<String> problem() {
    CompletableFuture<Optional<String>> current;
    CompletableFuture<Optional<String>> mine = null;
    long started;
    synchronized (lock) {
      long now = System.nanoTime();
      if (probe == null || (probe.isDone() && now - probeStarted > FRESH_NANOS)) {
        probe = new CompletableFuture<>();
        probeStarted = now;
        mine = probe;
      }
      current = probe;
      started = probeStarted;
    }
    long timeout = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    if (mine != null) {
      // The caller that starts the probe runs it: no executor whose queue it could wait in.
      try {
        mine.complete(query());
      } catch (Throwable unexpected) {
        mine.complete(failed(unexpected));
      }
      if (System.nanoTime() - started > timeout) {
        noAnswer("answered after more than " + timeoutSeconds + " s");
        return Optional.of(NO_ANSWER);
      }
      return mine.join();
    }
    try {
      return current.get(Math.max(0, started + timeout - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      noAnswer("no answer within " + timeoutSeconds + " s");
      return Optional.of(NO_ANSWER);
    } catch (ExecutionException e) {
      return failed(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(NO_ANSWER);
    }
  }

  private Optional<String> query() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(timeoutSeconds);
      try (ResultSet result = statement.executeQuery("SELECT 1")) {
        result.next();
      }
      if (answering.compareAndSet(false, true)) {
        LOG.info("the database answers again");
      }
      return Optional.empty();
    } catch (SQLException | RuntimeException e) {
      return failed(e);
    }
  }

  private Optional<String> failed(Throwable failure) {
    if (node.reportIfFatal(failure)) {
      return node.fatalReason();
    }
    noAnswer(String.valueOf(failure));
    return Optional.of(NO_ANSWER);
  }

  /** Logs the first failure of a run of them, so that a long outage is one line, not thousands. */
  private void noAnswer(String why) {
    if (answering.compareAndSet(true, false)) {
      String line = why.lines().findFirst().orElse(why);
      LOG.warning(() -> "the database does not answer: " + line);
    }
  }
}
