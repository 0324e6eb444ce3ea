package dev.kefu.cluster.boundary;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.conversation.boundary.StaffPresence;
import dev.kefu.setup.boundary.SchemaMigration;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How many agent consoles are open, counted over every node of the cluster, so that an agent goes
 * offline when their last console anywhere closes, not their last one on one node.
 *
 * <p>Each node keeps its own count per agent in a Redis hash ({@code <cluster>:consoles:<node>})
 * next to a liveness key ({@code <cluster>:node:<node>}); both expire unless the node writes them
 * again, every {@value #HEARTBEAT_SECONDS} s. A node that dies therefore stops counting after
 * {@value #TTL_SECONDS} s, and then every node's sweep sets the agents left without a console
 * offline, which starts their grace period ({@code OrphanedConversations}). Counting happens in one
 * Redis script, so two consoles of one agent closing at once on two nodes see each other. A console
 * opened makes its node one of the nodes counted, as its heartbeat does: a node just started (or
 * back after Redis lost its keys) counts from its first console on, not from its first heartbeat up
 * to {@value #HEARTBEAT_SECONDS} s later, in which the others would find its agents on no node.
 *
 * <p>A node that shuts down leaves its keys to expire as a dead node's do. Its consoles resume on
 * the other nodes meanwhile (a rolling upgrade): were its counts removed at once, another node's
 * sweep could find such an agent on no node in the second before their console is back, and set
 * them offline. An agent who does not come back anywhere is set offline once the keys expired.
 *
 * <p>Without a cluster, and while Redis cannot be reached, this node's own count decides, as on a
 * single node. The database stays the only record of conversations; Redis holds only who is
 * connected where.
 */
@Singleton
@Startup
@DependsOn("ClusterBus")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Redis work, not database work: no transaction to hold open meanwhile.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterPresence {

  private static final Logger LOG = Logger.getLogger(ClusterPresence.class.getName());
  static final int HEARTBEAT_SECONDS = 5;
  static final int TTL_SECONDS = 15;

  /** KEYS: nodes set. ARGV: prefix, agent, node or '' (its count changes by delta), delta. */
  private static final String COUNT =
      """
      if ARGV[3] ~= '' then
        local hash = ARGV[1] .. 'consoles:' .. ARGV[3]
        local left = redis.call('HINCRBY', hash, ARGV[2], tonumber(ARGV[4]))
        if left <= 0 then redis.call('HDEL', hash, ARGV[2]) end
        if tonumber(ARGV[4]) > 0 then
          redis.call('EXPIRE', hash, ARGV[5])
          redis.call('SADD', KEYS[1], ARGV[3])
        end
      end
      local total = 0
      for _, n in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        if redis.call('EXISTS', ARGV[1] .. 'node:' .. n) == 1 then
          local c = redis.call('HGET', ARGV[1] .. 'consoles:' .. n, ARGV[2])
          if c then total = total + tonumber(c) end
        end
      end
      return total
      """;

  /** KEYS: nodes set. ARGV: prefix, node, ttl, then agent and count pairs. */
  private static final String HEARTBEAT =
      """
      local hash = ARGV[1] .. 'consoles:' .. ARGV[2]
      local known = redis.call('EXISTS', ARGV[1] .. 'node:' .. ARGV[2])
      redis.call('SET', ARGV[1] .. 'node:' .. ARGV[2], '1', 'EX', ARGV[3])
      redis.call('SADD', KEYS[1], ARGV[2])
      redis.call('DEL', hash)
      for i = 4, #ARGV, 2 do redis.call('HSET', hash, ARGV[i], ARGV[i + 1]) end
      redis.call('EXPIRE', hash, ARGV[3])
      for _, n in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        if redis.call('EXISTS', ARGV[1] .. 'node:' .. n) == 0 then
          redis.call('SREM', KEYS[1], n)
          redis.call('DEL', ARGV[1] .. 'consoles:' .. n)
        end
      end
      return known
      """;

  @Inject ClusterBus cluster;
  @Inject Agents agents;
  @Inject StaffPresence staff;
  @Resource SessionContext context;

  // This node's own truth, written to Redis on every heartbeat; guarded by "this".
  private final Map<String, Integer> here = new HashMap<>();
  // No sweep before then: after a start, or after Redis lost this node's keys (a restart, a long
  // outage), the other nodes need a heartbeat of their own before their consoles count again.
  private volatile Instant sweepFrom = Instant.MAX;

  @PostConstruct
  void start() {
    heartbeat();
  }

  /** An agent console opened on this node. */
  public synchronized void consoleOpened(String agentId) {
    here.merge(agentId, 1, Integer::sum);
    if (cluster.clustered()) {
      try {
        // Make this node count before its first heartbeat, then add the console.
        cluster
            .link()
            .sync()
            .set(cluster.keyPrefix() + "node:" + node(), "1", SetArgs.Builder.ex(TTL_SECONDS));
        count(agentId, node(), 1);
      } catch (RedisException e) {
        LOG.log(Level.FINE, "console of agent " + agentId + " not yet counted in Redis", e);
      }
    }
  }

  /**
   * An agent console closed on this node, which leaves the agent {@code leftHere} consoles here;
   * answers how many consoles the agent still has on any node.
   */
  public synchronized int consoleClosed(String agentId, int leftHere) {
    here.computeIfPresent(agentId, (k, n) -> n <= 1 ? null : n - 1);
    if (!cluster.clustered()) {
      return leftHere;
    }
    try {
      return count(agentId, node(), -1);
    } catch (RedisException e) {
      LOG.warning(
          () ->
              "cannot count the consoles of agent "
                  + agentId
                  + " on other nodes (Redis: "
                  + e.getMessage()
                  + "); deciding by this node's");
      return leftHere;
    }
  }

  /** Whether other nodes count consoles too, and so can tell when an agent has gone. */
  public boolean clustered() {
    return cluster.clustered();
  }

  /**
   * Writes this node's counts again (a node that lost Redis for a while, or whose keys expired,
   * counts again from here), then sets offline the agents whom no node counts any more.
   */
  @Schedule(second = "*/" + HEARTBEAT_SECONDS, minute = "*", hour = "*", persistent = false)
  void heartbeat() {
    if (!cluster.clustered() || !cluster.link().isUp() || !SchemaMigration.isCurrent()) {
      return;
    }
    try {
      List<String> args = new ArrayList<>(List.of(cluster.keyPrefix(), node(), "" + TTL_SECONDS));
      long known;
      synchronized (this) {
        here.forEach(
            (agent, n) -> {
              args.add(agent);
              args.add(n.toString());
            });
        known =
            cluster
                .link()
                .sync()
                .eval(
                    HEARTBEAT,
                    ScriptOutputType.INTEGER,
                    new String[] {cluster.keyPrefix() + "nodes"},
                    args.toArray(String[]::new));
      }
      Instant now = Instant.now();
      if (known == 0) {
        sweepFrom = now.plusSeconds(TTL_SECONDS + HEARTBEAT_SECONDS);
        LOG.info(
            "presence of this node written to Redis anew; sweeping again in "
                + (TTL_SECONDS + HEARTBEAT_SECONDS)
                + " s");
        return;
      }
      if (now.isBefore(sweepFrom)) {
        return;
      }
      // Through the container, outside whatever transaction Payara runs this timeout in (it does
      // run it in one, whatever the attributes say): a read that fails while the database is down
      // would mark that transaction for rollback, and after two failed deliveries in a row the
      // container cancels the timer for good (EJB5119). This node then stopped counting its
      // consoles, and the other nodes set its agents offline and handed their conversations on
      // while they chatted.
      context.getBusinessObject(ClusterPresence.class).sweep();
    } catch (RedisException e) {
      LOG.log(Level.FINE, "presence heartbeat skipped: Redis is away", e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "presence heartbeat failed", e);
    }
  }

  /** Sets offline the agents whom the database shows at work but no node counts a console for. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void sweep() {
    try {
      for (String agentId : staff.seeminglyConnected()) {
        if (count(agentId, "", 0) == 0) {
          agents.absentEverywhere(agentId);
        }
      }
    } catch (RedisException e) {
      LOG.log(Level.FINE, "presence sweep skipped: Redis is away", e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "presence sweep failed", e);
    }
  }

  private int count(String agentId, String node, int delta) {
    Long total =
        cluster
            .link()
            .sync()
            .eval(
                COUNT,
                ScriptOutputType.INTEGER,
                new String[] {cluster.keyPrefix() + "nodes"},
                cluster.keyPrefix(),
                agentId,
                node,
                Integer.toString(delta),
                Integer.toString(TTL_SECONDS));
    return total.intValue();
  }

  private String node() {
    return cluster.node();
  }
}
