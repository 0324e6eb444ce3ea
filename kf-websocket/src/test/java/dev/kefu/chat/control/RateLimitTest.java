package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private final AtomicLong now = new AtomicLong();
  private final RateLimit limit = new RateLimit(20, 10_000_000_000L, now::get);

  @Test
  void allowsABurstOfTwentyThenRefuses() {
    for (int i = 0; i < 20; i++) {
      assertThat(limit.tryAcquire()).as("frame %d", i + 1).isTrue();
    }
    assertThat(limit.tryAcquire()).isFalse();
  }

  @Test
  void refillsAtTwentyPerTenSeconds() {
    for (int i = 0; i < 20; i++) {
      limit.tryAcquire();
    }
    now.addAndGet(499_000_000L);
    assertThat(limit.tryAcquire()).isFalse();
    now.addAndGet(1_000_000L);
    assertThat(limit.tryAcquire()).isTrue();
    now.addAndGet(60_000_000_000L);
    for (int i = 0; i < 20; i++) {
      assertThat(limit.tryAcquire()).isTrue();
    }
    assertThat(limit.tryAcquire()).isFalse();
  }
}
