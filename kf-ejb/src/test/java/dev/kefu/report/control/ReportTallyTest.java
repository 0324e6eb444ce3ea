package dev.kefu.report.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Percentiles as SQL's PERCENTILE_CONT takes them: linear between the two nearest values. */
class ReportTallyTest {

  @Test
  void percentilesInterpolateBetweenTheNearestValues() {
    ReportTally.Times times = new ReportTally.Times();
    for (double value : new double[] {40, 10, 30, 20}) {
      times.add(value);
    }
    times.add(null);
    assertThat(times.percentile(0.5)).isEqualTo(25.0);
    assertThat(times.percentile(0.9)).isCloseTo(37.0, within(1e-9));
    assertThat(times.percentile(0.0)).isEqualTo(10.0);
    assertThat(times.percentile(1.0)).isEqualTo(40.0);
  }

  @Test
  void oneValueIsEveryPercentileAndNoneIsNull() {
    ReportTally.Times times = new ReportTally.Times();
    assertThat(times.percentile(0.5)).isNull();
    times.add(7.0);
    assertThat(times.percentile(0.9)).isEqualTo(7.0);
  }

  @Test
  void valuesAddedAfterAPercentileAreSortedIn() {
    ReportTally.Times times = new ReportTally.Times();
    for (int i = 100; i > 0; i--) {
      times.add((double) i);
    }
    assertThat(times.percentile(0.5)).isEqualTo(50.5);
    times.add(1000.0);
    assertThat(times.percentile(1.0)).isEqualTo(1000.0);
    assertThat(times.percentile(0.5)).isEqualTo(51.0);
  }

  @Test
  void theTotalCountsEveryGroupAndAPeriodWithoutConversationsHasNone() {
    ReportTally tally = new ReportTally();
    assertThat(tally.total()).isNull();
    tally.add("a-1", "CLOSED", true, 5, 10.0, 20.0, 100.0);
    tally.add("a-2", "MISSED", false, null, 60.0, null, null);
    tally.add("a-2", "CLOSED", true, 1, 30.0, 40.0, 300.0);
    assertThat(tally.total().conversations()).isEqualTo(3);
    assertThat(tally.total().missed()).isEqualTo(1);
    assertThat(tally.total().waitMedian()).isEqualTo(30.0);
    assertThat(tally.total().handleAverage()).isEqualTo(200.0);
    assertThat(tally.total().good()).isEqualTo(1);
    assertThat(tally.total().bad()).isEqualTo(1);
    assertThat(tally.figures(java.util.Map.of("a-1", "Li Lei")))
        .extracting(f -> f.key() + "=" + f.label() + ":" + f.conversations())
        .containsExactlyInAnyOrder("a-1=Li Lei:1", "a-2=a-2:2");
  }
}
