package dev.kefu.routing.control;

import java.time.Duration;
import java.util.List;

/**
 * How long a place in a department's queue is expected to wait. A place frees up, on average, every
 * (average handling time ÷ places of the available agents) seconds, so place {@code n} waits about
 * {@code n × handling ÷ places}, rounded up. Without recent conversations to average, the
 * installation's seconds per position stand in for the handling time; with no agent available the
 * department counts as one place, so the estimate still grows with the position.
 */
public record WaitEstimate(int handlingSeconds, int places) {

  public static WaitEstimate of(List<Duration> handled, int places, int fallbackSeconds) {
    int handling =
        handled.isEmpty()
            ? fallbackSeconds
            : (int) Math.round(handled.stream().mapToLong(Duration::toSeconds).average().orElse(0));
    return new WaitEstimate(Math.max(1, handling), Math.max(1, places));
  }

  /** The estimated wait of place {@code position} (counted from 1), in seconds. */
  public int secondsFor(int position) {
    return (int) Math.ceil((double) position * handlingSeconds / places);
  }
}
