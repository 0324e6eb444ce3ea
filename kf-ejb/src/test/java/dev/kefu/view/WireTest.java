package dev.kefu.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WireTest {

  @Test
  void writesTimestampsAsUtcWithMilliseconds() {
    assertThat(Wire.timestamp(Instant.parse("2026-11-24T08:15:30.123456Z")))
        .isEqualTo("2026-11-24T08:15:30.123Z");
    assertThat(Wire.timestamp(Instant.parse("2026-11-24T08:15:30Z")))
        .isEqualTo("2026-11-24T08:15:30.000Z");
  }
}
