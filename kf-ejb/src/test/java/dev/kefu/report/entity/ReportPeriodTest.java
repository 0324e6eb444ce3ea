package dev.kefu.report.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReportPeriodTest {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

  @Test
  void aDayRunsFromMidnightToMidnightInItsZone() {
    ReportPeriod period = ReportPeriod.of(DAY, DAY, "Asia/Shanghai");
    assertThat(period.start()).isEqualTo(Instant.parse("2026-11-01T16:00:00Z"));
    assertThat(period.end()).isEqualTo(Instant.parse("2026-11-02T16:00:00Z"));
    assertThat(period.days()).isEqualTo(1);
  }

  @Test
  void theLastDayBeforeTheFirstIsRefusedAtTo() {
    assertThatThrownBy(() -> ReportPeriod.of(DAY, DAY.minusDays(1), "UTC"))
        .isInstanceOfSatisfying(
            RuleViolation.class,
            v -> {
              assertThat(v.code()).isEqualTo("report_period_reversed");
              assertThat(v.field()).isEqualTo("to");
            });
  }

  @Test
  void aPeriodLongerThanAYearAndADayIsRefused() {
    assertThat(ReportPeriod.of(DAY, DAY.plusDays(365), "UTC").days()).isEqualTo(366);
    assertThatThrownBy(() -> ReportPeriod.of(DAY, DAY.plusDays(366), "UTC"))
        .isInstanceOfSatisfying(
            RuleViolation.class, v -> assertThat(v.code()).isEqualTo("report_period_too_long"));
  }

  @Test
  void anUnknownZoneIsRefusedAtZone() {
    assertThatThrownBy(() -> ReportPeriod.of(DAY, DAY, "Beijing"))
        .isInstanceOfSatisfying(
            RuleViolation.class,
            v -> {
              assertThat(v.code()).isEqualTo("report_zone_unknown");
              assertThat(v.field()).isEqualTo("zone");
            });
  }

  @Test
  void missingDaysAreRefusedAtTheirField() {
    assertThatThrownBy(() -> ReportPeriod.of(null, DAY, "UTC"))
        .isInstanceOfSatisfying(RuleViolation.class, v -> assertThat(v.field()).isEqualTo("from"));
  }
}
