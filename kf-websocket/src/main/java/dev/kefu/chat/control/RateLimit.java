package dev.kefu.chat.control;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code capacity} frames at once, refilled at {@code capacity} per window. Used by
 * one connection, from the thread that reads its frames.
 */
public final class RateLimit {

  private final int capacity;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private double tokens;
  private long last;

  public RateLimit(int capacity, long windowNanos, LongSupplier nanoClock) {
    this.capacity = capacity;
    this.windowNanos = windowNanos;
    this.nanoClock = nanoClock;
    this.tokens = capacity;
    this.last = nanoClock.getAsLong();
  }

  /** Takes one token; false when the bucket is empty. */
  public synchronized boolean tryAcquire() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * (double) capacity / windowNanos);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
