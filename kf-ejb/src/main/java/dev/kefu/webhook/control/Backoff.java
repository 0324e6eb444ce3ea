package dev.kefu.webhook.control;

import java.time.Duration;

/**
 * When a failed delivery is tried again: the first wait, doubled after each failure, never longer
 * than the longest; after {@code attempts} attempts in all it is given up.
 */
public record Backoff(Duration first, Duration longest, int attempts) {

  public Backoff {
    if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || attempts < 1) {
      throw new IllegalArgumentException("a back-off needs 0 < first <= longest and attempts >= 1");
    }
  }

  /** The wait after the {@code failed}-th failed attempt (1 for the first). */
  public Duration after(int failed) {
    Duration wait = first;
    for (int i = 1; i < failed && wait.compareTo(longest) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(longest) > 0 ? longest : wait;
  }

  /** Whether the {@code made}-th attempt was the last allowed. */
  public boolean exhausted(int made) {
    return made >= attempts;
  }
}
