package dev.kefu.routing.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.QueueMoved;
import dev.kefu.routing.control.RecentHandling;
import dev.kefu.routing.control.WaitEstimate;
import dev.kefu.shared.Clock;
import dev.kefu.shared.InList;
import dev.kefu.tenant.boundary.TenantFilter;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.query.NativeQuery;

/**
 * The departments' queues as waiting visitors see them: who waits, in which place, and about how
 * long. {@link Assignment} decides who gets which conversation and tells the queue here when it
 * moved; the estimate changes with the handling times and the agents, not with assignment rules.
 */
@Stateless
public class Queues {

  /** How many recent conversations the estimated wait averages over, and how far back. */
  private static final int HANDLING_SAMPLE = 20;

  private static final Duration HANDLING_WINDOW = Duration.ofDays(7);

  @PersistenceContext private EntityManager em;
  @Inject private Event<KefuEvent> events;
  @Inject private Clock clock;
  @Inject private Memberships memberships;
  @Inject private RecentHandling recentHandling;

  @Inject
  @ConfigProperty(name = "kf.queue.seconds-per-position", defaultValue = "60")
  private int secondsPerPosition;

  /** The conversations waiting in the department, oldest first. */
  public List<Conversation> waiting(String departmentId) {
    return ofDepartment(
            () ->
                em.createQuery(
                        "select c from Conversation c where c.departmentId = :d and c.state = :s"
                            + " order by c.createdAt, c.id",
                        Conversation.class)
                    .setParameter("d", departmentId)
                    .setParameter("s", ConversationState.QUEUED)
                    .getResultList())
        .stream()
        .filter(c -> TenantFilter.isCurrent(c.tenantId()))
        .toList();
  }

  /** How many conversations wait in every department of every tenant, and since when the oldest. */
  public record Waiting(long count, Instant oldest) {}

  /** The conversations waiting anywhere in the installation, for the metrics. */
  public Waiting waitingEverywhere() {
    Object[] row =
        TenantFilter.bypassed(
            em,
            () ->
                em.createQuery(
                        "select count(c), min(c.createdAt) from Conversation c where c.state = :s",
                        Object[].class)
                    .setParameter("s", ConversationState.QUEUED)
                    .getSingleResult());
    return new Waiting(((Number) row[0]).longValue(), (Instant) row[1]);
  }

  /**
   * Tells every waiting visitor of the department where they stand now, and how long it takes: the
   * line moved (someone left it, or came back into it).
   */
  public void announce(String departmentId) {
    WaitEstimate estimate = estimate(departmentId);
    List<Object[]> line =
        ofDepartment(
            () ->
                em.createQuery(
                        "select c.id, c.visitorId from Conversation c where c.departmentId = :d"
                            + " and c.state = :s order by c.createdAt, c.id",
                        Object[].class)
                    .setParameter("d", departmentId)
                    .setParameter("s", ConversationState.QUEUED)
                    .getResultList());
    List<QueueMoved.Place> places = new ArrayList<>(line.size());
    int position = 0;
    for (Object[] waiting : line) {
      position++;
      places.add(
          new QueueMoved.Place(
              (String) waiting[0], (String) waiting[1], position, estimate.secondsFor(position)));
    }
    events.fire(new QueueMoved(departmentId, places.size(), List.copyOf(places)));
  }

  /**
   * New conversations joined one department's line, together: their visitors learn their places.
   * Joining at the end moves nobody else, so only they are told, and the staff the new count; when
   * another conversation waits behind the first of them (another node's clock is behind), those
   * after it moved, and the whole line is told. Telling the whole line of every arrival would send
   * a burst of arrivals the square of its size. {@code places}: those of the department's available
   * agents, in all, which the caller has just read.
   */
  public void announceJoined(List<Conversation> joined, int places) {
    List<Conversation> inLine = new ArrayList<>(joined);
    inLine.sort(Comparator.comparing(Conversation::createdAt).thenComparing(Conversation::id));
    Conversation first = inLine.get(0);
    recentHandling.rememberPlaces(first.departmentId(), places, clock.now());
    // Two counts with their parameters in the condition only: one with its comparisons in the
    // select list was planned again by Hibernate at every arrival.
    int position = positionOf(first);
    long behind =
        ofDepartment(
            () ->
                em.createQuery(
                        "select count(c) from Conversation c where c.departmentId = :d"
                            + " and c.state = :s"
                            + " and (c.createdAt > :t or (c.createdAt = :t and c.id > :id))",
                        Long.class)
                    .setParameter("d", first.departmentId())
                    .setParameter("s", ConversationState.QUEUED)
                    .setParameter("t", first.createdAt())
                    .setParameter("id", first.id())
                    .getSingleResult());
    if (behind != inLine.size() - 1) {
      announce(first.departmentId());
      return;
    }
    WaitEstimate estimate = estimate(first.departmentId(), places);
    List<QueueMoved.Place> told = new ArrayList<>(inLine.size());
    for (Conversation conversation : inLine) {
      told.add(
          new QueueMoved.Place(
              conversation.id(),
              conversation.visitorId(),
              position,
              estimate.secondsFor(position)));
      position++;
    }
    events.fire(new QueueMoved(first.departmentId(), position - 1, List.copyOf(told)));
  }

  /** The waiting place of one conversation, counted from 1; 0 when it is not waiting. */
  private int positionOf(Conversation conversation) {
    return positionsOf(List.of(conversation)).getOrDefault(conversation.id(), 0);
  }

  /**
   * The waiting places of those of these conversations that wait, counted from 1 in each one's
   * department, by id; a conversation that is not waiting has no place here. Every visitor of a
   * group of hellos greeted together asks for their place, and the group reads a department's line
   * once, numbered in the database, rather than counting the line ahead of each of them: with
   * thousands waiting, those counts were half of the database's work while a dead node's visitors
   * came back (docs/benchmarks.md).
   */
  public Map<String, Integer> positionsOf(Collection<Conversation> conversations) {
    Map<String, List<String>> waiting = new LinkedHashMap<>();
    for (Conversation conversation : conversations) {
      if (conversation.state() == ConversationState.QUEUED) {
        waiting
            .computeIfAbsent(conversation.departmentId(), d -> new ArrayList<>())
            .add(conversation.id());
      }
    }
    Map<String, Integer> places = new HashMap<>();
    waiting.forEach(
        (departmentId, ids) -> {
          for (InList in : InList.chunksOf("ids", ids)) {
            Query line =
                em.createNativeQuery(
                    "SELECT queued.id, queued.place_in_line FROM (SELECT c.id,"
                        + " ROW_NUMBER() OVER (ORDER BY c.created_at, c.id) AS place_in_line"
                        + " FROM conversation c WHERE c.department_id = :d AND c.state = :s) queued"
                        + " WHERE queued.id IN "
                        + in.placeholders());
            // Conversations this transaction stored are flushed first (a group of arrivals asks
            // for the places of those it just made); nothing else needs to be.
            line.unwrap(NativeQuery.class).addSynchronizedEntityClass(Conversation.class);
            in.bindTo(line)
                .setParameter("d", departmentId)
                .setParameter("s", ConversationState.QUEUED.name());
            for (Object row : line.getResultList()) {
              Object[] columns = (Object[]) row;
              places.put((String) columns[0], ((Number) columns[1]).intValue());
            }
          }
        });
    return places;
  }

  /** The estimated wait of the place {@code position} in the department's queue, in seconds. */
  public int estimatedWaitSeconds(String departmentId, int position) {
    return estimate(departmentId).secondsFor(position);
  }

  /**
   * What the estimate rests on: the department's recent average handling time (assignment to close,
   * over its last {@value #HANDLING_SAMPLE} closed conversations of the past week; {@code
   * kf.queue.seconds-per-position} without any) and the places its available agents have in all.
   */
  private WaitEstimate estimate(String departmentId) {
    Instant now = clock.now();
    OptionalInt counted = recentHandling.placesOf(departmentId, now);
    if (counted.isPresent()) {
      return estimate(departmentId, counted.getAsInt());
    }
    em.flush();
    int places =
        memberships.availableIn(departmentId).stream()
            .mapToInt(Memberships.AvailableMember::capacity)
            .sum();
    recentHandling.rememberPlaces(departmentId, places, now);
    return estimate(departmentId, places);
  }

  /**
   * The estimate with the places already counted; the handling times as this node read them at most
   * a few seconds ago ({@link RecentHandling}).
   */
  private WaitEstimate estimate(String departmentId, int places) {
    Instant now = clock.now();
    List<Duration> handled =
        recentHandling
            .of(departmentId, now)
            .orElseGet(
                () -> {
                  List<Duration> read = handlingTimes(departmentId, now);
                  recentHandling.remember(departmentId, read, now);
                  return read;
                });
    return WaitEstimate.of(handled, places, secondsPerPosition);
  }

  /** The department's recent handling times: assignment to close, newest first. */
  private List<Duration> handlingTimes(String departmentId, Instant now) {
    List<Object[]> recent =
        ofDepartment(
            () ->
                em.createQuery(
                        "select c.assignedAt, c.closedAt from Conversation c"
                            + " where c.departmentId = :d and c.state = :s"
                            + " and c.assignedAt is not null and c.closedAt > :since"
                            + " order by c.closedAt desc",
                        Object[].class)
                    .setParameter("d", departmentId)
                    .setParameter("s", ConversationState.CLOSED)
                    .setParameter("since", now.minus(HANDLING_WINDOW))
                    .setMaxResults(HANDLING_SAMPLE)
                    .getResultList());
    List<Duration> handled = new ArrayList<>();
    for (Object[] row : recent) {
      handled.add(Duration.between((Instant) row[0], (Instant) row[1]));
    }
    return handled;
  }

  /**
   * A statement restricted to one department, run without the tenant filter so that Hibernate plans
   * it once: the queue's statements run on every arrival. The department is always one the caller
   * holds (a conversation's, or one it locked), and a department's conversations are of its tenant;
   * whole conversations read this way are checked against the scope's tenant all the same.
   */
  private <T> T ofDepartment(Supplier<T> statement) {
    return TenantFilter.bypassed(em, statement);
  }
}
