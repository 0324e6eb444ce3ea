package dev.kefu.chat.control;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the staff how many conversations wait in a department at most once per period: the first
 * change at once, the changes after it together when the period is over, with the latest count.
 *
 * <p>A burst of arrivals changes a queue hundreds of times a second. Sent for each change, the
 * count cost a look-up of the department's staff and a frame to each of them per arrival (tens of
 * thousands of frames for a burst of 5,000 against 50 agents), and every supervisor's console
 * reloads its live list on each. The count is absolute, so the latest one is all a console needs.
 */
final class WaitingCounts {

  private static final Logger LOG = Logger.getLogger(WaitingCounts.class.getName());

  private final ScheduledExecutorService timer;
  private final long periodNanos;
  private final BiConsumer<String, Integer> send;
  private final Map<String, Long> sentAt = new HashMap<>();
  private final Map<String, Integer> due = new HashMap<>();

  /**
   * Counts sent by {@code send} (department, count), the later ones of a period on {@code timer}.
   */
  WaitingCounts(
      ScheduledExecutorService timer, long periodMillis, BiConsumer<String, Integer> send) {
    this.timer = timer;
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    this.send = send;
  }

  /** The department's queue holds {@code count} conversations now. */
  void changed(String departmentId, int count) {
    long now = System.nanoTime();
    synchronized (this) {
      if (due.containsKey(departmentId)) {
        due.put(departmentId, count);
        return;
      }
      Long last = sentAt.get(departmentId);
      long wait = last == null ? 0 : periodNanos - (now - last);
      if (wait > 0) {
        due.put(departmentId, count);
        timer.schedule(() -> sendDue(departmentId), wait, TimeUnit.NANOSECONDS);
        return;
      }
      sentAt.put(departmentId, now);
    }
    send.accept(departmentId, count);
  }

  private void sendDue(String departmentId) {
    Integer count;
    synchronized (this) {
      count = due.remove(departmentId);
      sentAt.put(departmentId, System.nanoTime());
    }
    if (count == null) {
      return;
    }
    try {
      send.accept(departmentId, count);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the waiting count of " + departmentId + " was not sent", e);
    }
  }
}
