package dev.kefu.chat.control;

import dev.kefu.metrics.boundary.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open sockets of this node, by visitor and by agent, and the visitor sockets counted by client
 * address and site from the moment their handshake is admitted.
 */
@ApplicationScoped
public class Connections {

  private final Map<String, Set<Connection>> byVisitor = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> visitorBacklogs = new ConcurrentHashMap<>();
  private final Map<String, Set<Connection>> byAgent = new ConcurrentHashMap<>();
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final Map<String, Set<Connection>> watchers = new ConcurrentHashMap<>();
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();

  @Inject Arrivals arrivals;

  @Inject Metrics metrics;

  /** The open sockets in the metrics, read when the metrics are read. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    for (Admission.Side side : Admission.Side.values()) {
      String name = side.name().toLowerCase(java.util.Locale.ROOT);
      metrics.gauge(
          "kefu_sockets",
          "Open chat sockets of this node, by side (visitor, agent), greeted or not.",
          () -> open.stream().filter(c -> c.admission().side() == side).count(),
          "side",
          name);
    }
  }

  /**
   * Takes one of the {@code max} places of a client address on a site for a socket whose handshake
   * is being admitted; false when all are taken. Checking and counting are one step, so handshakes
   * arriving at once cannot all pass the check before any is counted.
   */
  public boolean reserve(String siteId, String clientIp, int max) {
    boolean[] taken = {false};
    perAddress.compute(
        siteId + "|" + clientIp,
        (key, open) -> {
          int now = open == null ? 0 : open;
          if (now >= max) {
            return open;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  /**
   * Gives back the place a visitor socket's admission took (of its address's sockets, and among the
   * node's arrivals when it was never welcomed): the socket closed or never opened.
   */
  public void closed(Admission admission) {
    if (admission.side() == Admission.Side.VISITOR) {
      perAddress.computeIfPresent(addressKey(admission), (k, n) -> n <= 1 ? null : n - 1);
      arrivals.leave(admission);
    }
  }

  /**
   * The socket acts for the visitor from now on; what waits for all the visitor's sockets on this
   * node is counted together.
   */
  public void addVisitor(String visitorId, Connection connection) {
    connection.becomeVisitor(
        visitorId, visitorBacklogs.computeIfAbsent(visitorId, k -> new AtomicLong()));
    byVisitor.computeIfAbsent(visitorId, k -> ConcurrentHashMap.newKeySet()).add(connection);
  }

  /** Forgets the socket; answers how many sockets the visitor still has on this node. */
  public int removeVisitor(String visitorId, Connection connection) {
    int left = remove(byVisitor, visitorId, connection);
    if (left == 0) {
      visitorBacklogs.remove(visitorId);
    }
    return left;
  }

  public void addAgent(String agentId, Connection connection) {
    byAgent.computeIfAbsent(agentId, k -> ConcurrentHashMap.newKeySet()).add(connection);
  }

  /**
   * Forgets the socket, also as a watcher; answers how many sockets the agent still has on this
   * node.
   */
  public int removeAgent(String agentId, Connection connection) {
    for (String conversationId : watchers.keySet()) {
      remove(watchers, conversationId, connection);
    }
    return remove(byAgent, agentId, connection);
  }

  /** The supervisor's socket receives the conversation's frames from now on. */
  public void watch(String conversationId, Connection connection) {
    watchers.computeIfAbsent(conversationId, k -> ConcurrentHashMap.newKeySet()).add(connection);
  }

  public void unwatch(String conversationId, Connection connection) {
    remove(watchers, conversationId, connection);
  }

  /**
   * Sends to the sockets watching the conversation, but the one named {@code except} and those of
   * the agent {@code alreadyTold} (who has the frame as the conversation's agent).
   */
  public void toWatchers(String conversationId, String frame, String except, String alreadyTold) {
    Set<Connection> watching = conversationId == null ? null : watchers.get(conversationId);
    if (watching == null) {
      return;
    }
    for (Connection connection : watching) {
      if (!Objects.equals(connection.id(), except)
          && !Objects.equals(connection.admission().agentId(), alreadyTold)) {
        connection.send(frame);
      }
    }
  }

  public boolean isWatched(String conversationId) {
    return conversationId != null && watchers.containsKey(conversationId);
  }

  /** Stops all watching of a conversation that has ended. */
  public void forgetWatchers(String conversationId) {
    watchers.remove(conversationId);
  }

  /** Sends to every socket of the visitor but the one named {@code except}. */
  public void toVisitor(String visitorId, String frame, String except) {
    send(byVisitor, visitorId, frame, except);
  }

  /** Sends to every socket of the agent but the one named {@code except}. */
  public void toAgent(String agentId, String frame, String except) {
    send(byAgent, agentId, frame, except);
  }

  /**
   * Closes every socket of the agent on this node with the code and reason (an account disabled);
   * each closing socket then reports itself gone as any other does.
   */
  public void closeAgent(String agentId, CloseReason.CloseCode code, String reason) {
    Set<Connection> open = agentId == null ? null : byAgent.get(agentId);
    if (open != null) {
      for (Connection connection : Set.copyOf(open)) {
        connection.close(code, reason);
      }
    }
  }

  /** A socket was admitted: it counts among this node's open ones until {@link #gone}. */
  public void opened(Connection connection) {
    open.add(connection);
  }

  /** The socket has closed. */
  public void gone(Connection connection) {
    open.remove(connection);
  }

  /** Every open socket of this node, visitors' and staff's, whether or not they said hello. */
  public List<Connection> all() {
    return List.copyOf(open);
  }

  public List<Connection> visitorsOf(String tenantId) {
    List<Connection> found = new ArrayList<>();
    for (Set<Connection> sockets : byVisitor.values()) {
      for (Connection connection : sockets) {
        if (Objects.equals(connection.admission().tenantId(), tenantId)) {
          found.add(connection);
        }
      }
    }
    return found;
  }

  /** The sockets of this node that act for the visitor. */
  public List<Connection> visitorSockets(String visitorId) {
    Set<Connection> sockets = visitorId == null ? null : byVisitor.get(visitorId);
    return sockets == null ? List.of() : List.copyOf(sockets);
  }

  /** Whether any member of staff has a socket on this node. */
  public boolean hasAnyAgent() {
    return !byAgent.isEmpty();
  }

  public boolean hasAgent(String agentId) {
    return agentId != null && byAgent.containsKey(agentId);
  }

  private static void send(
      Map<String, Set<Connection>> index, String key, String frame, String except) {
    if (key == null) {
      return;
    }
    Set<Connection> connections = index.get(key);
    if (connections == null) {
      return;
    }
    for (Connection connection : connections) {
      if (!Objects.equals(connection.id(), except)) {
        connection.send(frame);
      }
    }
  }

  private static int remove(Map<String, Set<Connection>> index, String key, Connection connection) {
    if (key == null) {
      return 0;
    }
    Set<Connection> left =
        index.computeIfPresent(
            key,
            (k, set) -> {
              set.remove(connection);
              return set.isEmpty() ? null : set;
            });
    return left == null ? 0 : left.size();
  }

  private static String addressKey(Admission admission) {
    return admission.siteId() + "|" + admission.clientIp();
  }
}
