package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RecentReadsTest {

  private final List<String> loads = new ArrayList<>();

  private Function<String, String> loader(String value) {
    return key -> {
      loads.add(key);
      return value;
    };
  }

  @Test
  void aValueFoundIsReadOnceWithinItsTimeAndAgainAfterAClear() {
    RecentReads<String, String> reads = new RecentReads<>(Duration.ofMinutes(1), 10);

    assertThat(reads.get("s-1", loader("first"))).isEqualTo("first");
    assertThat(reads.get("s-1", loader("second"))).as("kept").isEqualTo("first");
    reads.clear();
    assertThat(reads.get("s-1", loader("third"))).as("read again after a clear").isEqualTo("third");

    assertThat(loads).containsExactly("s-1", "s-1");
  }

  @Test
  void aKeyNotFoundIsNotRememberedAsMissing() {
    RecentReads<String, String> reads = new RecentReads<>(Duration.ofMinutes(1), 10);

    assertThat(reads.get("unknown", loader(null))).isNull();
    assertThat(reads.get("unknown", loader("made since"))).isEqualTo("made since");

    assertThat(loads).hasSize(2);
  }

  @Test
  void aValueOlderThanItsTimeIsReadAgain() throws InterruptedException {
    RecentReads<String, String> reads = new RecentReads<>(Duration.ofMillis(20), 10);

    reads.get("s-1", loader("old"));
    Thread.sleep(40);

    assertThat(reads.get("s-1", loader("new"))).isEqualTo("new");
  }

  @Test
  void noTimeKeepsNothing() {
    RecentReads<String, String> reads = new RecentReads<>(Duration.ZERO, 10);

    reads.get("s-1", loader("a"));
    reads.get("s-1", loader("b"));

    assertThat(loads).hasSize(2);
  }

  @Test
  void pastItsLimitOfKeysEverythingIsForgotten() {
    RecentReads<String, String> reads = new RecentReads<>(Duration.ofMinutes(1), 2);

    reads.get("s-1", loader("1"));
    reads.get("s-2", loader("2"));
    reads.get("s-3", loader("3"));
    reads.get("s-1", loader("1 again"));

    assertThat(loads).containsExactly("s-1", "s-2", "s-3", "s-1");
  }
}
