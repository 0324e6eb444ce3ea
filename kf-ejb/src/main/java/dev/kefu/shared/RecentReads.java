package dev.kefu.shared;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a node read of rows that change rarely, by key, kept for a short time: a read within {@code
 * ttl} of the last one answers from memory. Only what was found is kept (null is read again each
 * time), so a key that does not exist yet is never remembered as missing, and keys that are tried
 * and not found (a stranger's guesses) take no room. The owner forgets everything when it hears of
 * a change; the time bounds how long a node that missed such news answers with what it read before.
 * At most {@code most} keys: beyond that everything is forgotten and read again.
 */
public final class RecentReads<K, V> {

  private record Entry<V>(V value, long readAt) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final int most;

  public RecentReads(Duration ttl, int most) {
    this.ttlNanos = ttl.toNanos();
    this.most = most;
  }

  /** The value of {@code key}: the one read within the time, else {@code load}'s (may be null). */
  public V get(K key, Function<K, V> load) {
    long now = System.nanoTime();
    Entry<V> known = entries.get(key);
    if (known != null && now - known.readAt() < ttlNanos) {
      return known.value();
    }
    V value = load.apply(key);
    if (value == null || ttlNanos <= 0) {
      entries.remove(key);
      return value;
    }
    if (entries.size() >= most) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, now));
    return value;
  }

  /** Forgets everything: the next read of each key loads it. */
  public void clear() {
    entries.clear();
  }
}
