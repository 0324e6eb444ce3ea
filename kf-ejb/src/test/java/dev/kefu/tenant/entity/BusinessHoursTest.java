package dev.kefu.tenant.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

  private static final BusinessHours SHANGHAI_OFFICE =
      BusinessHours.parse(
          "Asia/Shanghai", "mon 09:00-12:00 13:00-18:00; tue 09:00-18:00", "2026-12-01");

  @Test
  void hoursAreReadInTheDepartmentsTimeZone() {
    // Monday 2026-11-30 09:30 in Shanghai is 01:30 UTC.
    assertThat(SHANGHAI_OFFICE.isOpenAt(Instant.parse("2026-11-30T01:30:00Z"))).isTrue();
    // Sunday 2026-11-29 20:00 UTC is Monday 04:00 in Shanghai: before opening.
    assertThat(SHANGHAI_OFFICE.isOpenAt(Instant.parse("2026-11-29T20:00:00Z"))).isFalse();
  }

  @Test
  void aSpanIsClosedAtItsClosingMinuteAndOverLunch() {
    assertThat(SHANGHAI_OFFICE.isOpenAt(Instant.parse("2026-11-30T03:59:00Z"))).isTrue();
    assertThat(SHANGHAI_OFFICE.isOpenAt(Instant.parse("2026-11-30T04:00:00Z"))).isFalse();
    assertThat(SHANGHAI_OFFICE.isOpenAt(Instant.parse("2026-11-30T05:00:00Z"))).isTrue();
    assertThat(SHANGHAI_OFFICE.isOpenAt(Instant.parse("2026-11-30T10:00:00Z"))).isFalse();
  }

  @Test
  void aDayNotNamedIsClosed() {
    // Wednesday 2026-12-02 10:00 in Shanghai.
    assertThat(SHANGHAI_OFFICE.isOpenAt(Instant.parse("2026-12-02T02:00:00Z"))).isFalse();
  }

  @Test
  void aHolidayIsClosedAllDayInTheDepartmentsZone() {
    // Tuesday 2026-12-01 in Shanghai, within the day's hours.
    assertThat(SHANGHAI_OFFICE.isOpenAt(Instant.parse("2026-12-01T02:00:00Z"))).isFalse();
    // The Tuesday after is open.
    assertThat(SHANGHAI_OFFICE.isOpenAt(Instant.parse("2026-12-08T02:00:00Z"))).isTrue();
  }

  @Test
  void withoutWeeklyHoursADepartmentIsAlwaysOpenButOnHolidays() {
    BusinessHours hours = BusinessHours.parse("Europe/Berlin", null, "2026-12-25");
    assertThat(hours.isOpenAt(Instant.parse("2026-12-24T23:30:00Z"))).isFalse();
    assertThat(hours.isOpenAt(Instant.parse("2026-12-24T22:30:00Z"))).isTrue();
    assertThat(BusinessHours.ALWAYS.isOpenAt(Instant.now())).isTrue();
  }

  @Test
  void midnightClosesADayThatRunsToItsEnd() {
    BusinessHours hours = BusinessHours.parse("UTC", "sat 20:00-24:00", null);
    assertThat(hours.isOpenAt(Instant.parse("2026-11-28T23:59:59Z"))).isTrue();
    assertThat(hours.isOpenAt(Instant.parse("2026-11-29T00:00:00Z"))).isFalse();
  }

  @Test
  void hoursSurviveBeingStoredAndReadBack() {
    BusinessHours hours =
        BusinessHours.of(
            "Asia/Tokyo",
            Map.of("fri", List.of("08:30-17:00")),
            List.of("2027-01-01", "2026-12-31"));
    BusinessHours again =
        BusinessHours.parse(hours.zone().getId(), hours.weeklyText(), hours.holidaysText());
    assertThat(again.weeklyByDay()).isEqualTo(Map.of("fri", List.of("08:30-17:00")));
    assertThat(again.holidayList()).containsExactly("2026-12-31", "2027-01-01");
  }

  @Test
  void nonsenseIsRefusedWithAReason() {
    assertThatThrownBy(() -> BusinessHours.parse("Mars/Base", null, null))
        .hasMessageContaining("time zone");
    assertThatThrownBy(() -> BusinessHours.parse("UTC", "someday 09:00-10:00", null))
        .hasMessageContaining("days are");
    assertThatThrownBy(() -> BusinessHours.parse("UTC", "mon 18:00-09:00", null))
        .hasMessageContaining("closes after");
    assertThatThrownBy(() -> BusinessHours.parse("UTC", null, "25.12.2026"))
        .hasMessageContaining("holiday");
  }

  @Test
  void openingsAsRowsMakeTheSameHoursAsTheirText() {
    BusinessHours rows =
        BusinessHours.of(
            ZoneId.of("Asia/Shanghai"),
            List.of(
                new BusinessHours.Opening(
                    DayOfWeek.MONDAY, LocalTime.of(13, 0), LocalTime.of(18, 0)),
                new BusinessHours.Opening(
                    DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new BusinessHours.Opening(DayOfWeek.SATURDAY, LocalTime.of(20, 0), null)),
            List.of(LocalDate.of(2026, 10, 1)));
    assertThat(rows.weeklyText()).isEqualTo("mon 09:00-12:00 13:00-18:00; sat 20:00-24:00");
    assertThat(rows.holidaysText()).isEqualTo("2026-10-01");
    BusinessHours read = BusinessHours.parse("Asia/Shanghai", rows.weeklyText(), "2026-10-01");
    assertThat(read.openings()).isEqualTo(rows.openings()).hasSize(3);
    assertThat(read.holidays()).containsExactly(LocalDate.of(2026, 10, 1));
  }

  @Test
  void aRowThatClosesBeforeItOpensIsRefused() {
    assertThatThrownBy(
            () ->
                BusinessHours.of(
                    ZoneId.of("UTC"),
                    List.of(
                        new BusinessHours.Opening(
                            DayOfWeek.MONDAY, LocalTime.of(18, 0), LocalTime.of(9, 0))),
                    null))
        .hasMessageContaining("closes after it opens");
  }
}
