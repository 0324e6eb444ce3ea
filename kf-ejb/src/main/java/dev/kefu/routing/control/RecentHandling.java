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

  private record Read(List<Duration> handled, Instant at) {}

  private record Counted(int places, Instant at) {}

  private final Map<String, Read> read = new ConcurrentHashMap<>();
  private final Map<String, Counted> places = new ConcurrentHashMap<>();

  /** What was read for the department less than {@value #FRESH_SECONDS} s before {@code now}. */
  public Optional<List<Duration>> of(String departmentId, Instant now) {
    Read last = read.get(departmentId);
    if (last == null || !last.at().plusSeconds(FRESH_SECONDS).isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(last.handled());
  }

  /**
   * How many places the department's available agents had in all, counted less than a second before
   * {@code now}: every waiting visitor who comes back (a resume after a node died, a page changed)
   * is told an estimate, and a storm of them counted the same agents for each.
   */
  public OptionalInt placesOf(String departmentId, Instant now) {
    Counted last = places.get(departmentId);
    if (last == null || !last.at().plus(PLACES_FRESH).isAfter(now)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(last.places());
  }

  /** The places of the department's available agents as counted at {@code now}. */
  public void rememberPlaces(String departmentId, int count, Instant now) {
    if (places.size() > 10_000) {
      places.values().removeIf(c -> !c.at().plus(PLACES_FRESH).isAfter(now));
    }
    places.put(departmentId, new Counted(count, now));
  }

  /** The department's handling times as read at {@code now}. */
  public void remember(String departmentId, List<Duration> handled, Instant now) {
    if (read.size() > 10_000) {
      // Departments come and go; what is stale is forgotten rather than kept for ever.
      read.values().removeIf(r -> !r.at().plusSeconds(FRESH_SECONDS).isAfter(now));
    }
    read.put(departmentId, new Read(List.copyOf(handled), now));
  }
}
