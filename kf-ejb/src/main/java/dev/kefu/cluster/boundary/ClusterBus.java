package dev.kefu.cluster.boundary;

import dev.kefu.cluster.control.EventCodec;
import dev.kefu.cluster.control.RedisLink;
import dev.kefu.events.EventBus;
import dev.kefu.events.KefuEvent;
import dev.kefu.shared.PublicId;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Carries the {@link EventBus} across nodes when {@code kf.cluster.redis.url} is set: every event
 * this node delivers to its own sockets is also published on the cluster's Redis channel, and every
 * event another node published is delivered to this node's sockets, once, in the order it came.
 * Without the setting the bus stays in-process and this bean does nothing.
 *
 * <p>Redis pub/sub holds nothing back: while Redis or this node's link to it is down, live pushes
 * between nodes are lost. Nothing else is, because the database holds every message and every
 * assignment, and clients catch up from their {@code lastSeq} when they reconnect.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Redis work, not database work: no transaction to hold open meanwhile.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterBus {

  private static final Logger LOG = Logger.getLogger(ClusterBus.class.getName());

  @Inject EventBus bus;

  @Inject
  @ConfigProperty(name = "kf.cluster.redis.url")
  Optional<String> redisUrl;

  @Inject
  @ConfigProperty(name = "kf.cluster.name", defaultValue = "kefu")
  String clusterName;

  @Resource ManagedThreadFactory threads;

  private final String node = PublicId.randomToken(9);
  private final AtomicBoolean failing = new AtomicBoolean();
  private EventCodec codec;
  private RedisLink link;
  private ExecutorService inbox;

  @PostConstruct
  void start() {
    Optional<String> url = redisUrl.map(String::strip).filter(u -> !u.isEmpty());
    if (url.isEmpty()) {
      return;
    }
    codec = new EventCodec();
    // One thread, so that another node's events reach the sockets in the order they were sent.
    inbox = Executors.newSingleThreadExecutor(threads);
    link = new RedisLink(url.get(), clusterName + ":events", this::received);
    link.connect();
    bus.relayTo(this::send);
    LOG.info(() -> "cluster node " + node + " of cluster " + clusterName + " started");
  }

  @PreDestroy
  void stop() {
    if (link == null) {
      return;
    }
    bus.relayTo(null);
    link.close();
    inbox.shutdown();
    try {
      inbox.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether Kefu runs as a cluster of nodes, that is whether a Redis URL is set. */
  public boolean clustered() {
    return link != null;
  }

  /**
   * Empty while this node can reach the other nodes (or runs alone); else why not, for the node's
   * health report: live frames of this node do not reach the sockets held by the others meanwhile.
   */
  public Optional<String> problem() {
    return link == null || link.isUp() ? Optional.empty() : Optional.of("Redis does not answer");
  }

  /** This node's id for as long as it runs; a restarted node is a new one. */
  public String node() {
    return node;
  }

  /** The link to Redis; only when {@link #clustered()}. */
  public RedisLink link() {
    return link;
  }

  /** The prefix of this cluster's keys in Redis. */
  public String keyPrefix() {
    return clusterName + ":";
  }

  /** A link that could not be made at start, or was closed, is tried again. */
  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  void keepConnected() {
    if (link != null && !link.isUp()) {
      link.connect();
    }
  }

  private void send(KefuEvent event) {
    String message;
    try {
      message = codec.encode(node, event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot encode " + event.getClass().getSimpleName(), e);
      return;
    }
    link.publish(message, this::publishFailed);
  }

  private void publishFailed(Throwable error) {
    // One line per outage, not one per event.
    if (failing.compareAndSet(false, true)) {
      LOG.warning(
          () ->
              "cannot publish to Redis, other nodes miss live events until it is back: "
                  + error.getMessage());
    }
  }

  private void received(String message) {
    if (failing.compareAndSet(true, false)) {
      LOG.info("Redis is reachable again; events cross nodes again");
    }
    inbox.execute(() -> deliver(message));
  }

  private void deliver(String message) {
    try {
      codec
          .decode(message)
          .filter(envelope -> !node.equals(envelope.node()))
          .ifPresent(envelope -> bus.deliverFromOtherNode(envelope.event()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot read an event from the cluster channel", e);
    }
  }
}
