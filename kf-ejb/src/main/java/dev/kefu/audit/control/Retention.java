package dev.kefu.audit.control;

import java.time.Duration;
import java.time.Instant;

/**
 * How long audit events are kept. Never less than {@value #MINIMUM_DAYS} days, whatever is
 * configured: that is the least an audit of sign-ins and changes is expected to cover.
 *
 * @param days the days events are kept
 * @param raised whether the configured value was below the minimum and was raised to it
 */
public record Retention(int days, boolean raised) {

  public static final int MINIMUM_DAYS = 180;
  public static final int DEFAULT_DAYS = 365;

  /** The retention for a configured number of days. */
  public static Retention ofDays(int configured) {
    return configured < MINIMUM_DAYS
        ? new Retention(MINIMUM_DAYS, true)
        : new Retention(configured, false);
  }

  /** Events that happened before this moment are due for deletion. */
  public Instant cutoff(Instant now) {
    return now.minus(Duration.ofDays(days));
  }
}
