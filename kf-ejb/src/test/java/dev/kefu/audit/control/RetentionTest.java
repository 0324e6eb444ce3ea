package dev.kefu.audit.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionTest {

  @Test
  void lessThan180DaysIsRaisedTo180() {
    Retention retention = Retention.ofDays(30);
    assertThat(retention.days()).isEqualTo(180);
    assertThat(retention.raised()).isTrue();
    assertThat(Retention.ofDays(-1).days()).isEqualTo(180);
  }

  @Test
  void moreThanTheMinimumIsKept() {
    assertThat(Retention.ofDays(180)).isEqualTo(new Retention(180, false));
    assertThat(Retention.ofDays(Retention.DEFAULT_DAYS).days()).isEqualTo(365);
  }

  @Test
  void eventsBeforeTheCutoffAreDue() {
    Instant now = Instant.parse("2026-11-01T03:41:00Z");
    assertThat(Retention.ofDays(365).cutoff(now)).isEqualTo(Instant.parse("2025-11-01T03:41:00Z"));
  }
}
