package dev.kefu.chat.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Visitors' {@code hello}s that waited too long for a worker to be worth answering. When more
 * visitors arrive than a node can greet (the visitors of a node that died, all at once), their
 * frames wait in the server's queue; a widget that has had no {@code welcome} 15 s after it opened
 * its socket gives that socket up and opens another. Greeting a visitor who has left costs as much
 * as greeting one who waits, and a node that spends its time on those greets nobody in time: the
 * arrivals come back in waves and few get through. So a visitor's {@code hello} read more than
 * {@code kf.ws.hello-wait-seconds} (12) after its socket opened is not handled: the socket is
 * closed with 1013 (try again later) and the widget reconnects after its back-off, with its token
 * and resume, as after any drop. Nothing was acknowledged on that socket, so nothing is lost.
 *
 * <p>Counted, and logged at most every 10 s, for the operator: it means the node had more arrivals
 * than it could greet.
 */
@ApplicationScoped
public class LateHellos {

  private static final Logger LOG = Logger.getLogger(LateHellos.class.getName());
  private static final long LOG_EVERY = TimeUnit.SECONDS.toNanos(10);

  @Inject
  @ConfigProperty(name = "kf.ws.hello-wait-seconds", defaultValue = "12")
  int helloWaitSeconds;

  LongSupplier nanoClock = System::nanoTime;

  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong refusedSinceLog = new AtomicLong();
  private final AtomicLong nextLog = new AtomicLong(Long.MIN_VALUE);

  /**
   * Whether a visitor socket's first frame comes too late to be answered; counted when it does. An
   * agent's socket is always answered: agents are few, and their console waits longer.
   */
  public boolean tooLate(Connection connection) {
    if (connection.admission().side() != Admission.Side.VISITOR
        || helloWaitSeconds <= 0
        || connection.openForNanos() <= TimeUnit.SECONDS.toNanos(helloWaitSeconds)) {
      return false;
    }
    refused.incrementAndGet();
    refusedSinceLog.incrementAndGet();
    long now = nanoClock.getAsLong();
    long due = nextLog.get();
    if ((due == Long.MIN_VALUE || now - due >= 0) && nextLog.compareAndSet(due, now + LOG_EVERY)) {
      long count = refusedSinceLog.getAndSet(0);
      LOG.warning(
          () ->
              count
                  + " visitor socket(s) closed with 1013 unanswered: their hello waited over "
                  + helloWaitSeconds
                  + " s for this node, which had more visitors arriving than it could greet; they"
                  + " connect again after their back-off (kf.ws.hello-wait-seconds)");
    }
    return true;
  }

  /** How many visitors' {@code hello}s this node has not answered for coming too late. */
  public long refused() {
    return refused.get();
  }
}
