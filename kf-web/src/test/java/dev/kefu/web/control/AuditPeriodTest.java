package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditPeriodTest {

  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void withoutParametersItIsTheLast30Days() {
    assertThat(AuditPeriod.parse(null, "", NOW))
        .isEqualTo(new AuditPeriod(Instant.parse("2026-10-27T10:00:00Z"), NOW));
  }

  @Test
  void datesAreDaysInUtcAndTimesKeepTheirOffset() {
    AuditPeriod period = AuditPeriod.parse("2026-11-01", "2026-11-02T08:00:00+08:00", NOW);
    assertThat(period.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(period.to()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(AuditPeriod.parse("2026-11-01T00:00:00.5Z", null, NOW).from())
        .isEqualTo(Instant.parse("2026-11-01T00:00:00.5Z"));
  }

  @Test
  void nonsenseAndBackwardsPeriodsAreRefused() {
    assertThatThrownBy(() -> AuditPeriod.parse("yesterday", null, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from");
    assertThatThrownBy(() -> AuditPeriod.parse("2026-11-02", "2026-11-01", NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditPeriod.parse("2026-11-01T08:00:00", null, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
