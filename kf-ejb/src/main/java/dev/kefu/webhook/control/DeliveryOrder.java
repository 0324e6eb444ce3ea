package dev.kefu.webhook.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The time a delivery is written at, strictly later on this node than the one before (to the
 * microsecond the database keeps): receivers get a webhook's deliveries in this order, so two
 * events of one change (a conversation that starts with its first message) keep theirs.
 */
@ApplicationScoped
public class DeliveryOrder {

  private final AtomicReference<Instant> last = new AtomicReference<>(Instant.EPOCH);

  public Instant next(Instant now) {
    Instant micros = now.truncatedTo(ChronoUnit.MICROS);
    return last.accumulateAndGet(
        micros,
        (before, candidate) -> candidate.isAfter(before) ? candidate : before.plusNanos(1_000));
  }
}
