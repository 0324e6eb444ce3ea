package dev.kefu.health.boundary;

import dev.kefu.cluster.boundary.ClusterBus;
import dev.kefu.health.control.DatabaseProbe;
import dev.kefu.health.control.DiskProbe;
import dev.kefu.inbox.boundary.MailServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this node can serve visitors and agents now: it is not fatally broken ({@link
 * NodeHealth}), not shutting down, its database answers and its data directory has room. What the
 * readiness check, {@code /api/v1/status} and start scripts rely on.
 *
 * <p>Redis (in a cluster) and the mail server are reported ({@link #dependencies}) but do not make
 * the node unready. Every node shares them, so their outage would take the whole installation out
 * of its load balancer, while the nodes go on without them: without Redis each node serves on the
 * database alone and clients catch up on resume (docs/architecture.md, "When Redis is away"), and
 * chats do not need mail.
 */
@ApplicationScoped
public class Readiness {

  static final String UP = "up";

  @Inject NodeHealth node;
  @Inject DatabaseProbe database;
  @Inject ClusterBus cluster;
  @Inject DiskProbe disk;
  @Inject MailServer mail;

  /** Empty when ready; else why not, in a few words that name nothing internal. */
  public Optional<String> problem() {
    Optional<String> fatal = node.fatalReason();
    if (fatal.isPresent()) {
      return fatal;
    }
    if (node.draining()) {
      return Optional.of("shutting down");
    }
    return database.problem().or(disk::problem);
  }

  /**
   * Each dependency and what it says ({@code up}, {@code not configured} or why not), for the
   * readiness check's data: {@code database}, {@code redis}, {@code disk}, {@code mail}.
   */
  public Map<String, String> dependencies() {
    Map<String, String> found = new LinkedHashMap<>();
    found.put("database", database.problem().orElse(UP));
    found.put(
        "redis", cluster.clustered() ? cluster.problem().orElse(UP) : "not configured (one node)");
    found.put("disk", disk.problem().orElseGet(disk::free));
    found.put("mail", mail.configured() ? mail.problem().orElse(UP) : "not configured");
    return found;
  }
}
