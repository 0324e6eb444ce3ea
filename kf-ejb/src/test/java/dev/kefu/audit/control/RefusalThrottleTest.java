package dev.kefu.audit.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.audit.control.RefusalThrottle.Key;
import dev.kefu.audit.control.RefusalThrottle.Summary;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalThrottleTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final JsonObject DETAIL = Json.createObjectBuilder().add("status", 403).build();
  static final Key ORIGIN = new Key("handshake.refused", "origin", "203.0.113.7", "s-1");

  final RefusalThrottle throttle = new RefusalThrottle(Duration.ofMinutes(1), 3);

  @Test
  void onlyTheFirstRefusalOfAMinuteIsWrittenAndTheRestAreSummedUpOnceItEnds() {
    assertThat(throttle.first(ORIGIN, "t-1", DETAIL, T0)).isTrue();
    for (int i = 1; i <= 500; i++) {
      assertThat(throttle.first(ORIGIN, "t-1", DETAIL, T0.plusMillis(i * 100L))).isFalse();
    }
    assertThat(throttle.drain(T0.plusSeconds(59))).isEmpty();

    List<Summary> ended = throttle.drain(T0.plusSeconds(60));
    assertThat(ended)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.key()).isEqualTo(ORIGIN);
              assertThat(s.count()).isEqualTo(500);
              assertThat(s.tenantId()).isEqualTo("t-1");
              assertThat(s.from()).isEqualTo(T0);
              assertThat(s.to()).isEqualTo(T0.plusSeconds(50));
            });
    assertThat(throttle.drain(T0.plusSeconds(120))).isEmpty();
  }

  @Test
  void aRefusalAfterTheWindowIsWrittenAgainAndTheEndedWindowIsStillSummedUp() {
    throttle.first(ORIGIN, "t-1", DETAIL, T0);
    throttle.first(ORIGIN, "t-1", DETAIL, T0.plusSeconds(1));
    assertThat(throttle.first(ORIGIN, "t-1", DETAIL, T0.plusSeconds(61))).isTrue();
    assertThat(throttle.drain(T0.plusSeconds(62))).extracting(Summary::count).containsExactly(1);
  }

  @Test
  void otherAddressesReasonsAndSitesHaveWindowsOfTheirOwn() {
    assertThat(throttle.first(ORIGIN, "t-1", DETAIL, T0)).isTrue();
    assertThat(
            throttle.first(
                new Key("handshake.refused", "origin", "203.0.113.8", "s-1"), "t-1", DETAIL, T0))
        .isTrue();
    assertThat(
            throttle.first(
                new Key("handshake.refused", "connections", "203.0.113.7", "s-1"),
                "t-1",
                DETAIL,
                T0))
        .isTrue();
  }

  @Test
  void pastTheMostKeysFurtherAddressesShareOneKeyWithoutAnAddress() {
    for (int i = 0; i < 3; i++) {
      throttle.first(new Key("a", "r", "198.51.100." + i, null), null, DETAIL, T0);
    }
    Key fourth = new Key("a", "r", "198.51.100.9", null);
    assertThat(throttle.keyFor(fourth)).isEqualTo(new Key("a", "r", null, null));
    assertThat(throttle.first(fourth, null, DETAIL, T0)).isTrue();
    assertThat(throttle.first(new Key("a", "r", "198.51.100.10", null), null, DETAIL, T0))
        .isFalse();
  }
}
