package dev.kefu.auth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  final Backoff backoff = new Backoff(10, Duration.ofSeconds(60), Duration.ofHours(1));

  @Test
  void fewerFailuresThanTheLimitLockNothing() {
    for (int failures = 0; failures < 10; failures++) {
      assertThat(backoff.lockAfter(failures)).as("after %d", failures).isEmpty();
    }
  }

  @Test
  void theTenthFailureLocksForTheFirstLockAndEachFurtherOneDoublesIt() {
    assertThat(backoff.lockAfter(10)).contains(Duration.ofSeconds(60));
    assertThat(backoff.lockAfter(11)).contains(Duration.ofSeconds(120));
    assertThat(backoff.lockAfter(12)).contains(Duration.ofSeconds(240));
    assertThat(backoff.lockAfter(15)).contains(Duration.ofSeconds(1920));
  }

  @Test
  void theLockStopsGrowingAtTheLongest() {
    assertThat(backoff.lockAfter(16)).contains(Duration.ofHours(1)); // 3840 s would be more
    assertThat(backoff.lockAfter(17)).contains(Duration.ofHours(1));
    assertThat(backoff.lockAfter(75)).contains(Duration.ofHours(1));
    assertThat(backoff.lockAfter(Integer.MAX_VALUE)).contains(Duration.ofHours(1));
  }

  @Test
  void aLongestLockShorterThanTheFirstIsTheFirst() {
    Backoff odd = new Backoff(3, Duration.ofSeconds(90), Duration.ofSeconds(30));
    assertThat(odd.lockAfter(3)).contains(Duration.ofSeconds(90));
    assertThat(odd.lockAfter(4)).contains(Duration.ofSeconds(90));
  }

  @Test
  void aLimitBelowOneOrANoLockIsRefused() {
    assertThatThrownBy(() -> new Backoff(0, Duration.ofSeconds(60), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(10, Duration.ZERO, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
