package dev.kefu.auth.control;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a user name is locked after failed sign-ins: not at all below {@code maxFailures}
 * failures in a row; {@code firstLock} at the {@code maxFailures}-th; twice as long with each
 * further failure, up to {@code longestLock}.
 */
public record Backoff(int maxFailures, Duration firstLock, Duration longestLock) {

  public Backoff {
    if (maxFailures < 1 || firstLock.isNegative() || firstLock.isZero()) {
      throw new IllegalArgumentException(
          "the sign-in lockout needs at least one failure and a lock longer than zero");
    }
    if (longestLock.compareTo(firstLock) < 0) {
      longestLock = firstLock;
    }
  }

  /** The lock that the {@code failures}-th failure in a row starts; empty below the threshold. */
  public Optional<Duration> lockAfter(int failures) {
    if (failures < maxFailures) {
      return Optional.empty();
    }
    int doublings = failures - maxFailures;
    // Past about 40 doublings every sane lock is at its cap; stop before the arithmetic overflows.
    if (doublings >= 40) {
      return Optional.of(longestLock);
    }
    long seconds = firstLock.getSeconds();
    long longest = longestLock.getSeconds();
    long lock = seconds > (longest >> doublings) ? longest : seconds << doublings;
    return Optional.of(Duration.ofSeconds(Math.min(lock, longest)));
  }
}
