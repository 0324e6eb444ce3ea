package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

  private static final Instant START = Instant.parse("2026-12-05T18:00:00Z");

  private final Arrivals arrivals = new Arrivals();
  private final Connections connections = new Connections();

  {
    arrivals.max = 2;
    arrivals.min = 2;
    arrivals.seconds = 4;
    connections.arrivals = arrivals;
    at(START);
  }

  private void at(Instant now) {
    arrivals.clock = Clock.fixed(now, ZoneOffset.UTC);
  }

  private static Admission visitor() {
    return new Admission(Admission.Side.VISITOR, "t-1", "s-1", null, "10.0.0.1", "test", START);
  }

  @Test
  void aFullNodeRefusesUntilAnArrivalIsWelcomedOrLeaves() {
    Admission first = visitor();
    Admission second = visitor();
    assertThat(arrivals.enter(first)).isTrue();
    assertThat(arrivals.enter(second)).isTrue();
    assertThat(arrivals.full()).isTrue();
    assertThat(arrivals.enter(visitor())).isFalse();

    arrivals.welcomed(first);
    assertThat(arrivals.enter(visitor())).isTrue();
    assertThat(arrivals.full()).isTrue();

    connections.closed(second); // its socket closed before its welcome
    assertThat(arrivals.count()).isEqualTo(1);
    assertThat(arrivals.full()).isFalse();
  }

  @Test
  void equalAdmissionsAreTwoArrivals() {
    Admission one = visitor();
    Admission same =
        new Admission(
            one.side(),
            one.tenantId(),
            one.siteId(),
            one.agentId(),
            one.clientIp(),
            one.userAgent(),
            one.admittedAt(),
            one.upgrade());
    assertThat(one).isEqualTo(same);
    arrivals.enter(one);
    arrivals.enter(same);
    arrivals.leave(one);
    assertThat(arrivals.count()).isEqualTo(1);
  }

  @Test
  void anArrivalWaitingLongerThanAWidgetWaitsStopsCounting() {
    arrivals.enter(visitor());
    arrivals.enter(visitor());
    at(START.plusSeconds(Arrivals.GIVEN_UP_SECONDS));
    assertThat(arrivals.full()).isTrue();
    at(START.plusSeconds(Arrivals.GIVEN_UP_SECONDS + 1));
    assertThat(arrivals.full()).isFalse();
    assertThat(arrivals.count()).isZero();
  }

  @Test
  void noLimitWhenTheSettingIsZero() {
    arrivals.max = 0;
    for (int i = 0; i < 10; i++) {
      assertThat(arrivals.enter(visitor())).isTrue();
    }
  }

  @Test
  void theBoundFollowsTheWelcomesOfTheLastSecondsBetweenItsFloorAndCeiling() {
    arrivals.max = 50;
    arrivals.min = 5;
    assertThat(arrivals.limit()).isEqualTo(5);
    welcome(3);
    at(START.plusSeconds(1));
    welcome(4);
    at(START.plusSeconds(2));
    welcome(6);
    assertThat(arrivals.limit()).as("13 welcomed in the last 4 s").isEqualTo(13);

    at(START.plusSeconds(4));
    assertThat(arrivals.limit()).as("the first second's 3 are out of the window").isEqualTo(10);
    at(START.plusSeconds(6));
    assertThat(arrivals.limit()).as("never below the floor").isEqualTo(5);

    welcome(80);
    assertThat(arrivals.limit()).as("never above the ceiling").isEqualTo(50);
    at(START.plusSeconds(60));
    assertThat(arrivals.limit()).as("a quiet node is back at its floor").isEqualTo(5);
  }

  @Test
  void onlyWelcomesCountToThePace() {
    arrivals.max = 50;
    arrivals.min = 1;
    for (int i = 0; i < 10; i++) {
      Admission refused = visitor();
      arrivals.enter(refused);
      arrivals.leave(refused);
    }
    Admission never = visitor();
    arrivals.welcomed(never); // not one of the node's arrivals: an agent, or one given up
    assertThat(arrivals.limit()).isEqualTo(1);
  }

  @Test
  void aCeilingBelowTheFloorIsTheBound() {
    arrivals.max = 3;
    arrivals.min = 100;
    assertThat(arrivals.limit()).isEqualTo(3);
  }

  private void welcome(int visitors) {
    for (int i = 0; i < visitors; i++) {
      Admission admission = visitor();
      assertThat(arrivals.enter(admission)).isTrue();
      arrivals.welcomed(admission);
    }
  }
}
