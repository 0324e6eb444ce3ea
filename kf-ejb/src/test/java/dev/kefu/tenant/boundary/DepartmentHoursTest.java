package dev.kefu.tenant.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.entity.BusinessHours.Opening;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DepartmentHoursTest {

  private static Opening row(DayOfWeek day, String opens, String closes) {
    return new Opening(
        day, LocalTime.parse(opens), closes == null ? null : LocalTime.parse(closes));
  }

  @Test
  void anUnknownTimeZoneIsRefusedAtTheTimeZoneField() {
    assertThatThrownBy(() -> Departments.hours("Beijing", List.of(), List.of()))
        .isInstanceOfSatisfying(
            RuleViolation.class,
            refused -> {
              assertThat(refused.code()).isEqualTo("time_zone_unknown");
              assertThat(refused.field()).isEqualTo("timeZone");
            });
  }

  @Test
  void aBackwardsRangeIsRefusedAtItsOwnRow() {
    List<Opening> rows =
        List.of(
            row(DayOfWeek.MONDAY, "09:00", "12:00"),
            row(DayOfWeek.MONDAY, "13:00", "18:00"),
            row(DayOfWeek.TUESDAY, "18:00", "09:00"));
    assertThatThrownBy(() -> Departments.hours("Asia/Shanghai", rows, List.of()))
        .isInstanceOfSatisfying(
            RuleViolation.class,
            refused -> {
              assertThat(refused.code()).isEqualTo("hours_range");
              assertThat(refused.field()).isEqualTo("hours.2");
            });
  }

  @Test
  void severalRangesOfADayAreKept() {
    assertThat(
            Departments.hours(
                    " Asia/Shanghai ",
                    List.of(
                        row(DayOfWeek.MONDAY, "13:00", "18:00"),
                        row(DayOfWeek.MONDAY, "09:00", "12:00"),
                        row(DayOfWeek.FRIDAY, "20:00", null)),
                    List.of())
                .weeklyText())
        .isEqualTo("mon 09:00-12:00 13:00-18:00; fri 20:00-24:00");
  }
}
