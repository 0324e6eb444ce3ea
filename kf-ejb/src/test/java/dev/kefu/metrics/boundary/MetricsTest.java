package dev.kefu.metrics.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsTest {

  private final Metrics metrics = new Metrics();

  @Test
  void countersAreWrittenWithHelpTypeAndEscapedLabels() {
    metrics.errors().inc("socket", "bad_request");
    metrics.errors().inc("socket", "bad_request");
    metrics.errors().inc("http", "a \"quoted\\\" \nline");
    String text = metrics.exposition();
    assertThat(text)
        .contains("# TYPE kefu_errors_total counter\n")
        .contains("kefu_errors_total{edge=\"socket\",code=\"bad_request\"} 2\n")
        .contains("kefu_errors_total{edge=\"http\",code=\"a \\\"quoted\\\\\\\" \\nline\"} 1\n");
    assertThatThrownBy(() -> metrics.errors().inc("socket"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHistogramsBucketsCountCumulativelyUpToInfinity() {
    metrics.acks().observe(0.003, "visitor");
    metrics.acks().observe(0.02, "visitor");
    metrics.acks().observe(120, "visitor");
    String text = metrics.exposition();
    assertThat(text)
        .contains("# TYPE kefu_ack_seconds histogram\n")
        .contains("kefu_ack_seconds_bucket{side=\"visitor\",le=\"0.005\"} 1\n")
        .contains("kefu_ack_seconds_bucket{side=\"visitor\",le=\"0.01\"} 1\n")
        .contains("kefu_ack_seconds_bucket{side=\"visitor\",le=\"0.025\"} 2\n")
        .contains("kefu_ack_seconds_bucket{side=\"visitor\",le=\"60.0\"} 2\n")
        .contains("kefu_ack_seconds_bucket{side=\"visitor\",le=\"+Inf\"} 3\n")
        .contains("kefu_ack_seconds_sum{side=\"visitor\"} 120.023\n")
        .contains("kefu_ack_seconds_count{side=\"visitor\"} 3\n");
  }

  @Test
  void aGaugeIsReadWhenWrittenAndOneThatCannotBeReadIsLeftOut() {
    int[] sockets = {3};
    metrics.gauge("kefu_sockets", "Open sockets.", () -> sockets[0], "side", "visitor");
    metrics.gauge(
        "kefu_queue_conversations",
        "Waiting.",
        () -> {
          throw new IllegalStateException("the database is down");
        });
    sockets[0] = 5;
    String text = metrics.exposition();
    assertThat(text)
        .contains("kefu_sockets{side=\"visitor\"} 5\n")
        .contains("# TYPE kefu_queue_conversations gauge\n")
        .doesNotContain("\nkefu_queue_conversations ");
    assertThat(text)
        .contains("process_cpu_seconds_total ")
        .contains("jvm_memory_bytes_used{area=\"heap\"} ");
  }

  @Test
  void aSweepIsCountedWithItsOutcomeAndItsFailurePassedOn() {
    metrics.sweep("opening_hours", () -> {});
    assertThatThrownBy(
            () ->
                metrics.sweep(
                    "opening_hours",
                    () -> {
                      throw new IllegalStateException("down");
                    }))
        .hasMessage("down");
    String text = metrics.exposition();
    assertThat(text)
        .contains("kefu_sweeps_total{sweep=\"opening_hours\",outcome=\"done\"} 1\n")
        .contains("kefu_sweeps_total{sweep=\"opening_hours\",outcome=\"failed\"} 1\n")
        .contains("kefu_sweep_seconds_count{sweep=\"opening_hours\"} 2\n");
  }

  @Test
  void withoutATransactionACountAfterCommitIsMadeAtOnce() {
    metrics.afterCommit(() -> metrics.assignments().observe(12));
    assertThat(metrics.assignments().count()).isEqualTo(1);
  }
}
