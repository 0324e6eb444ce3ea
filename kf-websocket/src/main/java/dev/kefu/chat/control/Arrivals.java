package dev.kefu.chat.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The visitors a node has let in and not yet welcomed: from the handshake the gate admits to the
 * answer to the socket's first frame (its {@code hello}), or the socket's end. A node takes on at
 * most {@code kf.ws.max-arriving-visitors} of them; further handshakes are refused at once (503, to
 * be tried again a moment later) instead of being upgraded and left waiting for a welcome that
 * comes after their widget has given up.
 *
 * <p>A burst of arrivals, or the visitors of a node that died coming back all at once, asks more of
 * a node than it can greet in the few seconds a widget waits. Refusing at the handshake costs next
 * to nothing; an upgrade whose client has left costs the node as much as one that is welcomed, and
 * every one of them puts the next welcome further off. An arrival that has waited longer than a
 * widget waits ({@value #GIVEN_UP_SECONDS} s) stops counting, so that a socket that never speaks
 * holds no place for long.
 */
@ApplicationScoped
public class Arrivals {

  /** How long a widget waits for its welcome before it gives the socket up. */
  static final long GIVEN_UP_SECONDS = 15;

  // Identity, not equality: two admissions may hold the same values.
  private final Map<Admission, Instant> waiting = new IdentityHashMap<>();

  @Inject
  @ConfigProperty(name = "kf.ws.max-arriving-visitors", defaultValue = "100")
  int max;

  /** The system's clock; a test's own in unit tests. */
  Clock clock = Clock.systemUTC();

  /** Whether a visitor's handshake would be refused now: checked before anything is looked up. */
  public synchronized boolean full() {
    if (max <= 0 || waiting.size() < max) {
      return false;
    }
    Instant givenUp = clock.instant().minus(Duration.ofSeconds(GIVEN_UP_SECONDS));
    waiting.values().removeIf(since -> since.isBefore(givenUp));
    return waiting.size() >= max;
  }

  /** Lets the admitted visitor in, unless the node is full; answers whether it did. */
  public synchronized boolean enter(Admission admission) {
    if (full()) {
      return false;
    }
    waiting.put(admission, clock.instant());
    return true;
  }

  /** The visitor was welcomed, refused, or left: its place is free. Any admission may leave. */
  public synchronized void leave(Admission admission) {
    waiting.remove(admission);
  }

  /** How many visitors wait for their welcome now. */
  public synchronized int count() {
    return waiting.size();
  }
}
