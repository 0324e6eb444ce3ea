package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitingCountsTest {

  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final WaitingCounts counts =
      new WaitingCounts(timer, 100, (department, count) -> sent.add(department + "=" + count));

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void aChangeAfterAQuietPeriodIsSentAtOnce() throws InterruptedException {
    counts.changed("d-1", 1);
    assertThat(sent).containsExactly("d-1=1");

    Thread.sleep(150);
    counts.changed("d-1", 0);
    assertThat(sent).containsExactly("d-1=1", "d-1=0");
  }

  @Test
  void theChangesWithinAPeriodAreSentOnceAfterItWithTheLatestCount() throws InterruptedException {
    counts.changed("d-1", 1);
    counts.changed("d-1", 2);
    counts.changed("d-1", 3);
    counts.changed("d-1", 2);
    assertThat(sent).containsExactly("d-1=1");

    waitFor(2);
    assertThat(sent).containsExactly("d-1=1", "d-1=2");
    Thread.sleep(250);
    assertThat(sent).as("nothing more is due").hasSize(2);
  }

  @Test
  void departmentsAreCountedApart() throws InterruptedException {
    counts.changed("d-1", 1);
    counts.changed("d-2", 5);
    counts.changed("d-1", 2);
    assertThat(sent).containsExactly("d-1=1", "d-2=5");

    waitFor(3);
    assertThat(sent).containsExactly("d-1=1", "d-2=5", "d-1=2");
  }

  @Test
  void aFailedSendLeavesTheDepartmentFreeForTheNextChange() throws InterruptedException {
    List<Integer> tried = new CopyOnWriteArrayList<>();
    WaitingCounts failing =
        new WaitingCounts(
            timer,
            50,
            (department, count) -> {
              tried.add(count);
              if (count == 2) {
                throw new IllegalStateException("no staff to look up");
              }
            });
    failing.changed("d-1", 1);
    failing.changed("d-1", 2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (tried.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(100);
    failing.changed("d-1", 3);
    assertThat(tried).containsExactly(1, 2, 3);
  }

  private void waitFor(int frames) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sent.size() < frames && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
