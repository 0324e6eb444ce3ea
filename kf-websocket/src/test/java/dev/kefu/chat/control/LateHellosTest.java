package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LateHellosTest {

  private long now = 1_000_000_000L;
  private final LateHellos lateHellos = new LateHellos();

  {
    lateHellos.helloWaitSeconds = 12;
    lateHellos.nanoClock = () -> now;
  }

  private Connection opened(Admission.Side side) {
    return new Connection(
        null,
        new Admission(side, "t-1", "s-1", null, "127.0.0.1", "test", Instant.now()),
        new RateLimit(20, 10_000_000_000L, () -> now),
        new Connection.Outbound(1 << 20, 1 << 21, 30_000),
        () -> now);
  }

  private void later(long seconds) {
    now += TimeUnit.SECONDS.toNanos(seconds);
  }

  @Test
  void aVisitorsHelloWithinTheWaitIsAnswered() {
    Connection connection = opened(Admission.Side.VISITOR);
    later(12);

    assertThat(lateHellos.tooLate(connection)).isFalse();
    assertThat(lateHellos.refused()).isZero();
  }

  @Test
  void aVisitorsHelloThatWaitedLongerIsNotAnsweredAndIsCounted() {
    Connection connection = opened(Admission.Side.VISITOR);
    later(13);

    assertThat(lateHellos.tooLate(connection)).isTrue();
    assertThat(lateHellos.tooLate(opened(Admission.Side.VISITOR))).isFalse();
    assertThat(lateHellos.refused()).isEqualTo(1);
  }

  @Test
  void anAgentsHelloIsAlwaysAnswered() {
    Connection connection = opened(Admission.Side.AGENT);
    later(60);

    assertThat(lateHellos.tooLate(connection)).isFalse();
  }

  @Test
  void aWaitOfZeroAnswersEveryHello() {
    lateHellos.helloWaitSeconds = 0;
    Connection connection = opened(Admission.Side.VISITOR);
    later(600);

    assertThat(lateHellos.tooLate(connection)).isFalse();
  }
}
