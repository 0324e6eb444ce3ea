package dev.kefu.routing.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentHandlingTest {

  private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

  private final RecentHandling recent = new RecentHandling();

  @Test
  void placesCountedWithinTheSecondAreReusedThenCountedAgain() {
    assertThat(recent.placesOf("d-1", NOW)).isEmpty();

    recent.rememberPlaces("d-1", 12, NOW);

    assertThat(recent.placesOf("d-1", NOW.plusMillis(999))).hasValue(12);
    assertThat(recent.placesOf("d-2", NOW)).as("another department").isEmpty();
    assertThat(recent.placesOf("d-1", NOW.plusSeconds(1))).as("a second later").isEmpty();
  }

  @Test
  void handlingTimesAreKeptForTenSeconds() {
    recent.remember("d-1", List.of(Duration.ofMinutes(3)), NOW);

    assertThat(recent.of("d-1", NOW.plusSeconds(9))).hasValue(List.of(Duration.ofMinutes(3)));
    assertThat(recent.of("d-1", NOW.plusSeconds(10))).isEmpty();
  }
}
