package dev.kefu.audit.control;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keeps a flood of refusals from filling the audit log: per {@link Key} (what was refused, why,
 * from which address, on which site) only the first refusal of a window is written at once; the
 * rest of the window are counted and written later as one summary. So a key costs at most two rows
 * per window however fast it is repeated, and the counts of its rows add up to every refusal.
 *
 * <p>At most {@code maxKeys} keys are tracked at once; refusals of further keys (an attack from
 * very many addresses) share one key per action and reason without an address. Thread-safe.
 */
public final class RefusalThrottle {

  /** What is throttled together. {@code ip} and {@code siteId} may be {@code null}. */
  public record Key(String action, String reason, String ip, String siteId) {}

  /**
   * Refusals of a key that were counted but not written: {@code count} of them between {@code from}
   * and {@code to}, with the tenant and detail of the first.
   */
  public record Summary(
      Key key, String tenantId, JsonObject detail, int count, Instant from, Instant to) {}

  private final Duration window;
  private final int maxKeys;
  private final Map<Key, Window> windows = new HashMap<>();
  private final List<Summary> ended = new ArrayList<>();

  public RefusalThrottle(Duration window, int maxKeys) {
    this.window = window;
    this.maxKeys = maxKeys;
  }

  /**
   * Counts one refusal; true when it is the first of its key in the window and is to be written
   * now. The key it was counted under is {@code key}, or its overflow key when too many keys are
   * tracked already (see {@link #keyFor}).
   */
  public synchronized boolean first(Key key, String tenantId, JsonObject detail, Instant now) {
    Key counted = keyFor(key);
    Window current = windows.get(counted);
    if (current != null && now.isBefore(current.start.plus(window))) {
      current.suppressed++;
      current.last = now;
      return false;
    }
    if (current != null) {
      close(counted, current);
    }
    windows.put(counted, new Window(now, tenantId, detail));
    return true;
  }

  /** The key a refusal of {@code key} is counted under right now. */
  public synchronized Key keyFor(Key key) {
    if (windows.containsKey(key) || windows.size() < maxKeys) {
      return key;
    }
    return new Key(key.action(), key.reason(), null, null);
  }

  /** The summaries of windows that have ended by {@code now}; forgets those windows. */
  public synchronized List<Summary> drain(Instant now) {
    Iterator<Map.Entry<Key, Window>> entries = windows.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Key, Window> entry = entries.next();
      if (!now.isBefore(entry.getValue().start.plus(window))) {
        close(entry.getKey(), entry.getValue());
        entries.remove();
      }
    }
    List<Summary> summaries = List.copyOf(ended);
    ended.clear();
    return summaries;
  }

  private void close(Key key, Window closing) {
    if (closing.suppressed > 0) {
      ended.add(
          new Summary(
              key,
              closing.tenantId,
              closing.detail,
              closing.suppressed,
              closing.start,
              closing.last));
    }
  }

  private static final class Window {
    final Instant start;
    final String tenantId;
    final JsonObject detail;
    int suppressed;
    Instant last;

    Window(Instant start, String tenantId, JsonObject detail) {
      this.start = start;
      this.tenantId = tenantId;
      this.detail = detail;
      this.last = start;
    }
  }
}
