package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionsTest {

  private static final Instant START = Instant.parse("2026-12-05T08:00:00Z");

  private final Connections connections = new Connections();
  private final Admissions admissions = new Admissions();

  {
    admissions.connections = connections;
    connections.arrivals = new Arrivals();
    at(START);
  }

  private void at(Instant now) {
    admissions.clock = Clock.fixed(now, ZoneOffset.UTC);
  }

  private Admission filedAt(Instant now) {
    at(now);
    assertThat(connections.reserve("s-1", "10.0.0.1", 1)).isTrue();
    return new Admission(Admission.Side.VISITOR, "t-1", "s-1", null, "10.0.0.1", "test", now);
  }

  @Test
  void anAdmissionIsClaimedOnceByItsKey() {
    Admission admission = filedAt(START);
    String key = admissions.file(admission);

    assertThat(admissions.claim(key)).isSameAs(admission);
    assertThat(admissions.claim(key)).isNull();
    assertThat(admissions.claim("forged")).isNull();
    assertThat(admissions.claim(null)).isNull();
  }

  @Test
  void anAdmissionLeftUnclaimedForAMinuteIsDroppedAndGivesItsPlaceBack() {
    String stale = admissions.file(filedAt(START));

    at(START.plus(Duration.ofSeconds(61)));
    admissions.file(
        new Admission(Admission.Side.AGENT, "t-1", null, "a-1", "10.0.0.9", "test", START));

    assertThat(admissions.claim(stale)).isNull();
    assertThat(connections.reserve("s-1", "10.0.0.1", 1)).isTrue();
  }

  @Test
  void aStormOfHandshakesLooksForUnclaimedOnesOnlyEveryFewSeconds() {
    String stale = admissions.file(filedAt(START));
    at(START.plus(Duration.ofSeconds(61)));
    admissions.file(
        new Admission(Admission.Side.AGENT, "t-1", null, "a-1", "10.0.0.9", "test", START));
    String second = admissions.file(filedAt(START.minus(Duration.ofSeconds(10))));

    at(START.plus(Duration.ofSeconds(63)));
    admissions.file(
        new Admission(Admission.Side.AGENT, "t-1", null, "a-2", "10.0.0.9", "test", START));
    assertThat(admissions.claim(stale)).isNull();
    assertThat(admissions.claim(second))
        .as("not looked for again within 5 s of the last sweep")
        .isNotNull();
  }

  @Test
  void aFirstFrameWaitsUntilTheHandshakesThreadHasLeftTheUpgrade() throws Exception {
    Admission admission = filedAt(START);
    assertThat(admission.upgrade().awaitLeft(Duration.ofMillis(20)))
        .as("still in the upgrade: the wait ends at its bound")
        .isFalse();

    CompletableFuture<Boolean> firstFrame =
        CompletableFuture.supplyAsync(() -> admission.upgrade().awaitLeft(Duration.ofSeconds(30)));
    admission.upgrade().left();

    assertThat(firstFrame.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(admission.upgrade().awaitLeft(Duration.ZERO))
        .as("and from then on at once")
        .isTrue();
  }
}
