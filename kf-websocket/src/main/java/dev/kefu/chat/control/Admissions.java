package dev.kefu.chat.control;

import dev.kefu.shared.PublicId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands what the handshake gate established to the endpoint that opens right after it. The gate
 * files an admission under a random key that only it puts into the upgraded request; the endpoint
 * takes it out once. Unclaimed admissions are dropped after a minute (looked for at most every few
 * seconds, when an admission is filed, so that a storm of handshakes does not scan them all each
 * time), and the place a visitor's admission took of its address's sockets ({@link
 * Connections#reserve}) is given back.
 */
@ApplicationScoped
public class Admissions {

  /** The request parameter the gate adds to the upgraded request. */
  public static final String PARAMETER = "kf_admission";

  private static final Duration UNCLAIMED = Duration.ofMinutes(1);

  /** How often filing looks for unclaimed admissions: not on every handshake of a storm. */
  private static final Duration SWEEP_EVERY = Duration.ofSeconds(5);

  private final Map<String, Admission> open = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.MIN);

  @Inject Connections connections;

  /** The system's clock; a test's own in unit tests. */
  Clock clock = Clock.systemUTC();

  public String file(Admission admission) {
    Instant now = clock.instant();
    Instant due = nextSweep.get();
    if (!now.isBefore(due) && nextSweep.compareAndSet(due, now.plus(SWEEP_EVERY))) {
      dropUnclaimedBefore(now.minus(UNCLAIMED));
    }
    String key = PublicId.randomToken(18);
    open.put(key, admission);
    return key;
  }

  private void dropUnclaimedBefore(Instant cutoff) {
    for (Map.Entry<String, Admission> entry : open.entrySet()) {
      if (entry.getValue().admittedAt().isBefore(cutoff) && open.remove(entry.getKey()) != null) {
        connections.closed(entry.getValue());
      }
    }
  }

  /** The admission filed under this key, once; null for an unknown key. */
  public Admission claim(String key) {
    return key == null ? null : open.remove(key);
  }

  /** The handshake of this admission was not upgraded: its place is given back at once. */
  public void abandon(String key) {
    Admission unclaimed = claim(key);
    if (unclaimed != null) {
      connections.closed(unclaimed);
    }
  }
}
