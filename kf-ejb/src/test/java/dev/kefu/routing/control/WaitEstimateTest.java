package dev.kefu.routing.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitEstimateTest {

  @Test
  void aPlaceWaitsItsShareOfTheAverageHandlingTimeOverTheFreePlaces() {
    WaitEstimate estimate =
        WaitEstimate.of(List.of(Duration.ofSeconds(200), Duration.ofSeconds(400)), 3, 60);
    assertThat(estimate.secondsFor(1)).isEqualTo(100);
    assertThat(estimate.secondsFor(3)).isEqualTo(300);
  }

  @Test
  void withoutHistoryTheConfiguredSecondsPerPositionStandIn() {
    WaitEstimate estimate = WaitEstimate.of(List.of(), 1, 60);
    assertThat(estimate.secondsFor(2)).isEqualTo(120);
  }

  @Test
  void withNobodyAvailableTheEstimateStillGrowsWithThePosition() {
    WaitEstimate estimate = WaitEstimate.of(List.of(Duration.ofSeconds(90)), 0, 60);
    assertThat(estimate.secondsFor(1)).isEqualTo(90);
    assertThat(estimate.secondsFor(2)).isGreaterThan(estimate.secondsFor(1));
  }
}
