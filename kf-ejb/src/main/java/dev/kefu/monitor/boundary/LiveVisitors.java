package dev.kefu.monitor.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.shared.Clock;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The visitors on a tenant's sites now, for the live monitor: every visitor with an open socket on
 * any node (the database notes when a visitor's last socket closes, so every node sees the same
 * list), seen within {@code kf.monitor.visitor-window-minutes} (default 720), which keeps a node
 * that died with sockets open from showing its visitors for ever. Counted and paged in the
 * database, sorted by a whitelisted column, filtered by a piece of the page's address or title.
 */
@Stateless
public class LiveVisitors {

  private static final Map<String, String> SORTS =
      Map.of(
          "lastSeenAt", "v.lastSeenAt",
          "visitStartedAt", "coalesce(v.visitStartedAt, v.createdAt)",
          "site", "s.name",
          "page", "v.pageTitle",
          "chatting", "c.state");

  private static final List<ConversationState> OPEN =
      List.of(ConversationState.QUEUED, ConversationState.ASSIGNED);

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;

  @Inject
  @ConfigProperty(name = "kf.monitor.visitor-window-minutes", defaultValue = "720")
  private long windowMinutes;

  /** How many visitors of the tenant are on its sites now (matching the filter, when given). */
  public long count(String tenantId, String filter) {
    TypedQuery<Long> query =
        em.createQuery("select count(v) from Visitor v where " + where(filter), Long.class);
    return bind(query, tenantId, filter).getSingleResult();
  }

  /**
   * A page of the tenant's visitors now, sorted by {@code sort} ({@code lastSeenAt}, {@code
   * visitStartedAt}, {@code site}, {@code page}, {@code chatting}; anything else: most recently
   * seen first).
   */
  public List<LiveVisitor> page(
      String tenantId, String filter, int first, int size, String sort, boolean ascending) {
    String order = SORTS.getOrDefault(sort, "v.lastSeenAt");
    boolean asc = SORTS.containsKey(sort) && ascending;
    TypedQuery<Object[]> query =
        em.createQuery(
            "select v, s.name, c, a.displayName from Visitor v"
                + " join Site s on s.id = v.siteId"
                + " left join Conversation c on c.visitorId = v.id and c.state in :open"
                + " left join Agent a on a.id = c.agentId"
                + " where "
                + where(filter)
                + " order by "
                + order
                + (asc ? " asc" : " desc")
                + ", v.id",
            Object[].class);
    bind(query, tenantId, filter).setParameter("open", OPEN);
    return query
        .setFirstResult(Math.max(0, first))
        .setMaxResults(Math.max(1, Math.min(size, 200)))
        .getResultList()
        .stream()
        .map(LiveVisitors::row)
        .toList();
  }

  private static String where(String filter) {
    return "v.tenantId = :t and v.disconnectedAt is null and v.lastSeenAt > :since"
        + (blank(filter)
            ? ""
            : " and (lower(v.pageUrl) like :f escape '!' or lower(v.pageTitle) like :f escape '!')");
  }

  private <T> TypedQuery<T> bind(TypedQuery<T> query, String tenantId, String filter) {
    query
        .setParameter("t", tenantId)
        .setParameter("since", clock.now().minus(Duration.ofMinutes(windowMinutes)));
    if (!blank(filter)) {
      String escaped =
          filter
              .strip()
              .toLowerCase(Locale.ROOT)
              .replace("!", "!!")
              .replace("%", "!%")
              .replace("_", "!_");
      query.setParameter("f", "%" + escaped + "%");
    }
    return query;
  }

  private static boolean blank(String filter) {
    return filter == null || filter.isBlank();
  }

  private static LiveVisitor row(Object[] row) {
    Visitor v = (Visitor) row[0];
    Conversation c = (Conversation) row[2];
    Instant started = v.visitStartedAt();
    return new LiveVisitor(
        v.id(),
        v.name(),
        (String) row[1],
        v.pageUrl(),
        v.pageTitle(),
        started,
        v.lastSeenAt(),
        v.device(),
        v.browser(),
        v.locale(),
        v.visits(),
        c == null ? null : c.id(),
        c == null ? null : c.state().wire(),
        (String) row[3]);
  }
}
