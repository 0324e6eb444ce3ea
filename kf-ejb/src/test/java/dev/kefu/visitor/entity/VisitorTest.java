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

  @Test
  void timeOnSiteCountsFromTheStartOfTheCurrentVisit() {
    Visitor visitor = new Visitor("t-1", "s-1", START);
    visitor.arrive(PAGE, START);
    visitor.arrive(PAGE, START.plus(Duration.ofMinutes(10)));
    assertThat(visitor.visitStartedAt()).isEqualTo(START);
    Instant back = START.plus(Duration.ofHours(2));
    visitor.arrive(PAGE, back);
    assertThat(visitor.visitStartedAt()).isEqualTo(back);
  }

  @Test
  void anInvitationStandsHalfAnHourAndIsSpentOnceAnswered() {
    Visitor visitor = new Visitor("t-1", "s-1", START);
    visitor.invitedBy("a-1", START);
    assertThat(visitor.invitationAt(START.plus(Duration.ofMinutes(29)))).contains("a-1");
    assertThat(visitor.invitationAt(START.plus(Duration.ofMinutes(30)))).isEmpty();
    visitor.invitationAnswered();
    assertThat(visitor.invitationAt(START.plusSeconds(1))).isEmpty();
  }
}
