package dev.kefu.visitor.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VisitorTest {

  private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
  private static final VisitorContext PAGE =
      new VisitorContext(
          "zh-CN", "UA", "desktop", "Chrome 131", null, "https://shop.example/", "Shop");

  @Test
  void reloadsAndReconnectsWithinHalfAnHourAreOneVisit() {
    Visitor visitor = new Visitor("t-1", "s-1", START);
    visitor.arrive(PAGE, START);
    visitor.arrive(PAGE, START.plusSeconds(5));
    visitor.arrive(PAGE, START.plus(Duration.ofMinutes(29)));
    assertThat(visitor.visits()).isEqualTo(1);
  }

  @Test
  void comingBackAfterHalfAnHourIsAnotherVisit() {
    Visitor visitor = new Visitor("t-1", "s-1", START);
    visitor.arrive(PAGE, START);
    visitor.arrive(PAGE, START.plus(Duration.ofMinutes(31)));
    assertThat(visitor.visits()).isEqualTo(2);
  }
}
