package dev.kefu.routing.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handling times a department's wait estimate averages, as this node read them moments ago. The
 * estimate is told to every visitor who joins a queue; in a burst of arrivals that was one read of
 * the department's recent conversations per arrival, each giving the same answer. An estimate a few
 * seconds behind the last closed conversation is as good an estimate, so each node reads them at
 * most once every {@value #FRESH_SECONDS} seconds per department; and the places of its available
 * agents at most once a second.
 */
@ApplicationScoped
public class RecentHandling {

  static final long FRESH_SECONDS = 10;

  static final Duration PLACES_FRESH = Duration.ofSeconds(1);

  private final Kept<List<Duration>> handled = new Kept<>(Duration.ofSeconds(FRESH_SECONDS));
  private final Kept<Integer> places = new Kept<>(PLACES_FRESH);

  /** What was read for the department less than {@value #FRESH_SECONDS} s before {@code now}. */
  public Optional<List<Duration>> of(String departmentId, Instant now) {
    return Optional.ofNullable(handled.at(departmentId, now));
  }

  /** The department's handling times as read at {@code now}. */
  public void remember(String departmentId, List<Duration> read, Instant now) {
    handled.put(departmentId, List.copyOf(read), now);
  }

  /**
   * How many places the department's available agents had in all, counted less than a second before
   * {@code now}: every waiting visitor who comes back (a resume after a node died, a page changed)
   * is told an estimate, and a storm of them counted the same agents for each.
   */
  public OptionalInt placesOf(String departmentId, Instant now) {
    Integer counted = places.at(departmentId, now);
    return counted == null ? OptionalInt.empty() : OptionalInt.of(counted);
  }

  /** The places of the department's available agents as counted at {@code now}. */
  public void rememberPlaces(String departmentId, int count, Instant now) {
    places.put(departmentId, count, now);
  }

  /** Values by department, each good for {@code fresh} after it was put. */
  private static final class Kept<V> {

    private record Entry<V>(V value, Instant at) {}

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration fresh;

    Kept(Duration fresh) {
      this.fresh = fresh;
    }

    V at(String departmentId, Instant now) {
      Entry<V> last = entries.get(departmentId);
      return last == null || !last.at().plus(fresh).isAfter(now) ? null : last.value();
    }

    void put(String departmentId, V value, Instant now) {
      if (entries.size() > 10_000) {
        // Departments come and go; what is stale is forgotten rather than kept for ever.
        entries.values().removeIf(e -> !e.at().plus(fresh).isAfter(now));
      }
      entries.put(departmentId, new Entry<>(value, now));
    }
  }
}
