package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TranscriptDownloadsTest {

  private static TranscriptDownloads downloads(int maxConcurrent, int maxSeconds) {
    TranscriptDownloads downloads = new TranscriptDownloads();
    downloads.maxConcurrent = maxConcurrent;
    downloads.maxSeconds = maxSeconds;
    downloads.init();
    return downloads;
  }

  @Test
  void aVisitorGetsOneDownloadAtATimeAndTheNextOnceItEnded() {
    TranscriptDownloads downloads = downloads(8, 120);
    TranscriptDownloads.Download first = downloads.start("v-1");
    assertThatThrownBy(() -> downloads.start("v-1"))
        .isInstanceOfSatisfying(
            TranscriptDownloads.Refused.class,
            refused -> {
              assertThat(refused.status()).isEqualTo(429);
              assertThat(refused.code()).isEqualTo("too_many_requests");
              assertThat(refused.retryAfterSeconds()).isPositive();
            });
    assertThat(downloads.start("v-2")).as("another visitor's").isNotNull();
    first.close();
    first.close();
    assertThat(downloads.start("v-1")).isNotNull();
  }

  @Test
  void theNodeServesAtMostItsLimitAtOnce() {
    TranscriptDownloads downloads = downloads(2, 120);
    TranscriptDownloads.Download first = downloads.start("v-1");
    TranscriptDownloads.Download second = downloads.start("v-2");
    assertThatThrownBy(() -> downloads.start("v-3"))
        .isInstanceOfSatisfying(
            TranscriptDownloads.Refused.class,
            refused -> {
              assertThat(refused.status()).isEqualTo(503);
              assertThat(refused.code()).isEqualTo("busy");
            });
    second.close();
    second.close();
    assertThat(downloads.start("v-3"))
        .as("a refusal by the node does not count as the visitor's download")
        .isNotNull();
    assertThatThrownBy(() -> downloads.start("v-4"))
        .as("a download closed twice frees one place only")
        .isInstanceOf(TranscriptDownloads.Refused.class);
    first.close();
  }

  @Test
  void aDownloadIsOverdueOnceItsTimeIsUp() {
    try (TranscriptDownloads.Download late = downloads(8, 0).start("v-1")) {
      assertThat(late.overdue()).isTrue();
      assertThat(late.maxSeconds()).isZero();
    }
    try (TranscriptDownloads.Download timely = downloads(8, 120).start("v-1")) {
      assertThat(timely.overdue()).isFalse();
    }
  }
}
