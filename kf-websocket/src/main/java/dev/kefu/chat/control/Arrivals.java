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
 * answer to the socket's first frame (its {@code hello}), or the socket's end. A node takes on as
 * many of them as it welcomed in the last {@code kf.ws.arriving-seconds} (8): about as many as it
 * can greet in that time at its present pace, so none waits for its welcome more than about half as
 * long as a widget waits. Never fewer than {@code kf.ws.min-arriving-visitors} (200), never more
 * than {@code kf.ws.max-arriving-visitors} (2,000); further handshakes are refused at once (503, to
 * be tried again a moment later) instead of being upgraded and left waiting for a welcome that
 * comes after their widget has given up.
 *
 * <p>A burst of arrivals, or the visitors of a node that died coming back all at once, asks more of
 * a node than it can greet in the few seconds a widget waits. Refusing at the handshake costs
 * little; an upgrade whose client has left costs the node as much as one that is welcomed, and
 * every one of them puts the next welcome further off. But a refusal is not free either, and a
 * widget whose handshake was refused waits 1, 2, 4, … seconds before it tries again, while the node
 * may have room long before: a fixed bound that suits a slow node leaves a fast one idle between
 * the waves of retries, and one that suits a fast node lets a slow one take on more than it can
 * greet. So the bound follows the pace the node shows. An arrival that has waited longer than a
 * widget waits ({@value #GIVEN_UP_SECONDS} s) stops counting, so that a socket that never speaks
 * holds no place for long.
 */
@ApplicationScoped
public class Arrivals {

  /** How long a widget waits for its welcome before it gives the socket up. */
  static final long GIVEN_UP_SECONDS = 15;

  // Identity, not equality: two admissions may hold the same values.
  private final Map<Admission, Instant> waiting = new IdentityHashMap<>();

  /** Welcomes per second of the last seconds, by the second's number modulo the length. */
  private long[] welcomes = new long[0];

  private long[] welcomesAt = new long[0];

  @Inject
  @ConfigProperty(name = "kf.ws.max-arriving-visitors", defaultValue = "2000")
  int max;

  @Inject
  @ConfigProperty(name = "kf.ws.min-arriving-visitors", defaultValue = "200")
  int min;

  @Inject
  @ConfigProperty(name = "kf.ws.arriving-seconds", defaultValue = "8")
  int seconds;

  /** The system's clock; a test's own in unit tests. */
  Clock clock = Clock.systemUTC();

  /** Whether a visitor's handshake would be refused now: checked before anything is looked up. */
  public synchronized boolean full() {
    if (max <= 0) {
      return false;
    }
    int limit = limit();
    if (waiting.size() < limit) {
      return false;
    }
    Instant givenUp = clock.instant().minus(Duration.ofSeconds(GIVEN_UP_SECONDS));
    waiting.values().removeIf(since -> since.isBefore(givenUp));
    return waiting.size() >= limit;
  }

  /** Lets the admitted visitor in, unless the node is full; answers whether it did. */
  public synchronized boolean enter(Admission admission) {
    if (full()) {
      return false;
    }
    waiting.put(admission, clock.instant());
    return true;
  }

  /** The visitor was refused, or left: its place is free. Any admission may leave. */
  public synchronized void leave(Admission admission) {
    waiting.remove(admission);
  }

  /** The visitor was welcomed: its place is free, and the welcome counts to the node's pace. */
  public synchronized void welcomed(Admission admission) {
    if (waiting.remove(admission) != null) {
      long second = clock.instant().getEpochSecond();
      int slot = slot(second);
      if (welcomesAt[slot] != second) {
        welcomesAt[slot] = second;
        welcomes[slot] = 0;
      }
      welcomes[slot]++;
    }
  }

  /** How many visitors wait for their welcome now. */
  public synchronized int count() {
    return waiting.size();
  }

  /** How many visitors the node lets wait for their welcome now. */
  public synchronized int limit() {
    long now = clock.instant().getEpochSecond();
    long recent = 0;
    if (seconds > 0) {
      window();
      for (int i = 0; i < welcomes.length; i++) {
        if (welcomesAt[i] > now - seconds) {
          recent += welcomes[i];
        }
      }
    }
    int floor = Math.min(min, max);
    return (int) Math.min(max, Math.max(floor, recent));
  }

  private int slot(long second) {
    window();
    return (int) Math.floorMod(second, (long) welcomes.length);
  }

  /** One counter per second of the window, made at the first use (the setting is injected). */
  private void window() {
    if (welcomes.length != Math.max(1, seconds)) {
      welcomes = new long[Math.max(1, seconds)];
      welcomesAt = new long[welcomes.length];
    }
  }
}
