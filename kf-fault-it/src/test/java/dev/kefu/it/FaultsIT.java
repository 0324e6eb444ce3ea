package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.browser.KefuServer;
import dev.kefu.browser.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is ever lost when servers die. Two Kefu nodes ({@code bin/kefu-server}) on a
 * MariaDB and a Redis of the test's own; visitors chat continuously with their agents (each pair in
 * a department of its own, the two sides on different nodes at first) while a node's JVM is killed
 * with SIGKILL and started again, and while MariaDB is killed with SIGKILL and started again, one
 * fault after the other; then a rolling upgrade, each node stopped with SIGTERM and started again
 * in turn. The clients behave as the widget and the console do (see {@link ChatClient}); {@link
 * DeliveryCheck} compares what they wrote, what was acknowledged, what the database holds and what
 * the other side received.
 *
 * <p>How many faults: {@code kf.fault.node-kills} and {@code kf.fault.db-kills} (a few in the
 * build, 50 and 20 for the long run of docs/testing.md); {@code kf.fault.pairs} conversations.
 */
class FaultsIT {

  private static final int NODE_KILLS = Integer.getInteger("kf.fault.node-kills", 3);
  private static final int DB_KILLS = Integer.getInteger("kf.fault.db-kills", 2);
  private static final int PAIRS = Integer.getInteger("kf.fault.pairs", 20);

  /** Between two messages of one client: a fast typist, a little more than a second. */
  private static final Duration PAUSE =
      Duration.ofMillis(Long.getLong("kf.fault.pause-millis", 800));

  /** How long MariaDB stays dead before it is started again. */
  private static final Duration DB_DOWN =
      Duration.ofSeconds(Long.getLong("kf.fault.db-down-seconds", 3));

  /** The longest a client may take to chat again after a fault before the test says so. */
  private static final Duration RESUME_LIMIT = Duration.ofMinutes(3);

  private static final String PASSWORD = "fault-agent-secret";
  private static final Random RANDOM = new Random();

  private static MariaDbServer mariadb;
  private static RedisServer redis;
  private static Node nodeA;
  private static Node nodeB;
  private static final List<ChatClient> clients = new ArrayList<>();
  private static final List<Thread> threads = new ArrayList<>();

  /** A fault, and the clients whose socket was on the node it killed (all, for the database). */
  private record Fault(String what, Instant at, Instant back, Set<ChatClient> hit) {}

  @BeforeAll
  static void startServers() throws Exception {
    Path work = Path.of(System.getProperty("kf.fault.work"));
    KefuServer.deleteRecursively(work);
    Files.createDirectories(work);
    Path war = Path.of(System.getProperty("kf.fault.runtime")).resolve("kf.war");
    Deployments.standaloneWarWithFixture().as(ZipExporter.class).exportTo(war.toFile(), true);
    mariadb =
        MariaDbServer.install(work.resolve("mariadb"), "kf_fault", "kf_fault", "fault-secret");
    redis = RedisServer.start(work.resolve("redis"));
    Map<String, String> settings =
        Map.of(
            "KF_DB_URL", mariadb.url(),
            "KF_DB_USER", mariadb.user(),
            "KF_DB_PASSWORD", mariadb.password(),
            "KF_DATA_KEY", newDataKey(),
            "KF_CLUSTER_REDIS_URL", redis.url(),
            // Every client of this test comes from one address and writes faster than people.
            "KF_WS_MAX_CONNECTIONS_PER_IP", "1000",
            "KF_WS_RATE_FRAMES", "1000");
    Path script = Path.of(System.getProperty("kf.fault.server"));
    // One after the other: the first node creates the schema and the first admin.
    nodeA = Node.start("node-a", script, war, work, settings);
    nodeB = Node.start("node-b", script, war, work, settings);
  }

  @AfterAll
  static void stopServers() throws Exception {
    clients.forEach(ChatClient::stop);
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    // Every server is stopped, whatever the others did; the first failure is reported.
    Throwable first = null;
    for (AutoCloseable server : new AutoCloseable[] {nodeB, nodeA, redis, mariadb}) {
      try {
        if (server != null) {
          server.close();
        }
      } catch (Exception | AssertionError failed) {
        if (first == null) {
          first = failed;
        } else {
          first.addSuppressed(failed);
        }
      }
    }
    if (first instanceof Exception e) {
      throw e;
    } else if (first != null) {
      throw (AssertionError) first;
    }
  }

  @Test
  void nothingAcknowledgedIsLostWhileNodesAndTheDatabaseAreKilled() throws Exception {
    List<Node> nodes = List.of(nodeA, nodeB);
    List<DeliveryCheck.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < PAIRS; i++) {
      String[] department =
          nodeA
              .client
              .fixture(
                  "departments", Map.of("origins", nodeA.client.origin + "," + nodeB.client.origin))
              .split("\n");
      String username = "fault-agent-" + i;
      nodeA.client.fixture(
          "accounts",
          Map.of(
              "username",
              username,
              "password",
              PASSWORD,
              "roles",
              "kf-agent",
              "department",
              department[0]));
      Node visitorNode = nodes.get(i % 2);
      Node agentNode = nodes.get((i + 1) % 2);
      pairs.add(
          new DeliveryCheck.Pair(
              new VisitorClient("visitor-" + i, department[1], nodes, visitorNode, PAUSE),
              new AgentClient("agent-" + i, username, PASSWORD, nodes, agentNode, PAUSE)));
    }
    // Agents first, so that each visitor's first message finds its agent online.
    pairs.forEach(pair -> start(pair.agent()));
    awaitAll(c -> c.node() != null, Instant.now(), "agents online");
    pairs.forEach(pair -> start(pair.visitor()));
    Instant began = Instant.now();
    awaitAll(c -> c.lastAck() != null, began, "first messages acknowledged");
    System.out.printf(
        "Fault test: %d conversations chatting on two nodes; %d node kills and %d MariaDB kills"
            + " follow.%n",
        PAIRS, NODE_KILLS, DB_KILLS);

    List<Fault> faults = new ArrayList<>();
    List<String> unresumed = new ArrayList<>();
    int total = NODE_KILLS + DB_KILLS;
    int nodeKills = 0;
    for (int i = 0; i < total; i++) {
      // While traffic flows, at a moment no one chose.
      Thread.sleep(2000 + RANDOM.nextInt(3000));
      boolean database = (long) (i + 1) * DB_KILLS / total > (long) i * DB_KILLS / total;
      Fault fault;
      if (database) {
        fault = killDatabase();
      } else {
        Node victim = nodeKills++ % 2 == 0 ? nodeA : nodeB;
        fault = killNode(victim, victim == nodeA ? nodeB : nodeA);
      }
      faults.add(fault);
      unresumed.addAll(awaitAll(c -> after(c.lastAck(), fault.at()), fault.at(), fault.what()));
      System.out.printf(
          "Fault %d of %d (%s): every client chatting again after %d ms.%n",
          i + 1, total, fault.what(), Duration.between(fault.at(), Instant.now()).toMillis());
      if (!database) {
        restartAndRebalance(fault, i + 1 < total);
      }
    }

    // A rolling upgrade, as an operator does it: each node in turn stopped with SIGTERM (its
    // sockets closed with 1001, so that its clients resume on the other node) and started again,
    // while the other carries every chat.
    for (Node node : List.of(nodeA, nodeB)) {
      Thread.sleep(2000 + RANDOM.nextInt(2000));
      Set<ChatClient> hit =
          clients.stream().filter(c -> c.node() == node).collect(Collectors.toSet());
      Instant at = Instant.now();
      node.stop();
      Fault stop = new Fault(node.name + " stopped for an upgrade", at, at, hit);
      faults.add(stop);
      unresumed.addAll(awaitAll(c -> after(c.lastAck(), stop.at()), stop.at(), stop.what()));
      System.out.printf(
          "Rolling upgrade: %s stopped with SIGTERM; every client chatting again after %d ms.%n",
          node.name, Duration.between(at, Instant.now()).toMillis());
      restartAndRebalance(stop, true);
    }

    // Nothing new; what is in flight is acknowledged; what was acknowledged reaches the other side.
    clients.forEach(ChatClient::stopWriting);
    awaitAll(ChatClient::idle, Instant.now(), "last messages acknowledged");
    awaitDelivered(pairs);
    Instant end = Instant.now();
    clients.forEach(ChatClient::stop);
    for (Thread thread : threads) {
      thread.join(TimeUnit.MINUTES.toMillis(1));
    }

    DeliveryCheck check;
    try (Connection db = mariadb.connect()) {
      check = DeliveryCheck.of(pairs, db);
    }
    List<String> notResumed = resumedAfterEachFault(faults, end);
    System.out.println("Fault test: " + faultFigures(faults));
    System.out.println("Fault test: " + check.figures());
    System.out.println("Fault test: " + resumeFigures(faults));
    check.problems.stream().limit(200).forEach(p -> System.out.println("  problem: " + p));
    notResumed.forEach(p -> System.out.println("  not resumed: " + p));

    assertThat(check.acknowledged).as("messages acknowledged").isPositive();
    assertThat(check.lost).as("acknowledged messages lost").isZero();
    assertThat(check.duplicated).as("messages stored twice").isZero();
    assertThat(check.outOfOrder).as("messages out of order").isZero();
    assertThat(check.missingAtReceiver)
        .as("acknowledged messages missing at the receiver")
        .isZero();
    assertThat(unresumed).as("clients that did not chat again after a fault").isEmpty();
    assertThat(notResumed).as("clients that did not chat again after a fault").isEmpty();
    assertThat(check.problems).as("what the clients and the checker saw").isEmpty();
    assertThat(cancelledTimers())
        .as("timers the container cancelled for good after failed deliveries (EJB5119)")
        .isEmpty();
  }

  /**
   * The lines of the nodes' logs that say a timer was cancelled for good: a sweep or a heartbeat
   * that failed twice in a row while the database was down, and then never ran again on that node.
   */
  private static List<String> cancelledTimers() throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    for (Node node : List.of(nodeA, nodeB)) {
      for (Path log : node.logs()) {
        try (var all = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
          all.filter(line -> line.contains("EJB5119"))
              .map(
                  line ->
                      log.getParent().getParent().getParent().getFileName()
                          + ": "
                          + line.replaceAll(".*EJB5119", ""))
              .forEach(lines::add);
        }
      }
    }
    return lines;
  }

  private static void start(ChatClient client) {
    clients.add(client);
    Thread thread = new Thread(client, client.name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /**
   * Kills MariaDB and starts it again after {@link #DB_DOWN}, or once a node's readiness said it is
   * gone, whichever is later; the node's readiness must come back by itself once it returns.
   */
  private static Fault killDatabase() throws Exception {
    Instant at = Instant.now();
    mariadb.kill();
    Duration noticed = awaitReadiness(nodeA, 503, Duration.ofSeconds(30));
    Thread.sleep(Math.max(0, DB_DOWN.minus(Duration.between(at, Instant.now())).toMillis()));
    mariadb.start();
    Instant back = Instant.now();
    awaitReadiness(nodeA, 200, Duration.ofMinutes(2));
    System.out.printf(
        "MariaDB killed: %s's /health/ready answered 503 after %d ms, and 200 again %d ms after"
            + " MariaDB was back.%n",
        nodeA.name, noticed.toMillis(), Duration.between(back, Instant.now()).toMillis());
    return new Fault("MariaDB killed", at, back, Set.copyOf(clients));
  }

  /** How long until the node's {@code /health/ready} answered the status; fails after the limit. */
  private static Duration awaitReadiness(Node node, int status, Duration limit) throws Exception {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Instant start = Instant.now();
    int last = 0;
    String body = "";
    while (Duration.between(start, Instant.now()).compareTo(limit) < 0) {
      try {
        java.net.http.HttpResponse<String> answer =
            http.send(
                java.net.http.HttpRequest.newBuilder(node.client.health("ready"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        last = answer.statusCode();
        body = answer.body();
        if (last == status) {
          return Duration.between(start, Instant.now());
        }
      } catch (java.io.IOException e) {
        body = e.toString();
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        node.name
            + "'s /health/ready answered "
            + last
            + " ("
            + body
            + "), not "
            + status
            + " within "
            + limit);
  }

  private static Fault killNode(Node victim, Node survivor) throws Exception {
    Set<ChatClient> hit =
        clients.stream().filter(c -> c.node() == victim).collect(Collectors.toSet());
    Instant at = Instant.now();
    victim.kill();
    return new Fault(victim.name + " killed", at, at, hit);
  }

  /**
   * Starts the killed node again on its port, and sends half of the other node's clients to it, as
   * page reloads and new consoles would, so that the next kill hits a node that serves some.
   */
  private static void restartAndRebalance(Fault fault, boolean more) throws Exception {
    Node victim = fault.what().startsWith(nodeA.name) ? nodeA : nodeB;
    victim.start();
    if (!more) {
      return;
    }
    Instant moving = Instant.now();
    List<ChatClient> movers = new ArrayList<>(clients);
    Collections.shuffle(movers, RANDOM);
    movers.subList(0, movers.size() / 2).forEach(c -> c.moveTo(victim));
    awaitAll(c -> after(c.lastAck(), moving), moving, "clients moved to " + victim.name);
  }

  /**
   * Waits until every client passes the test, at most {@link #RESUME_LIMIT}; answers the names of
   * those that did not, with what they were waited for.
   */
  private static List<String> awaitAll(Predicate<ChatClient> test, Instant since, String what)
      throws InterruptedException {
    Instant deadline = since.plus(RESUME_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      if (clients.stream().allMatch(test)) {
        return List.of();
      }
      Thread.sleep(100);
    }
    List<String> late =
        clients.stream().filter(test.negate()).map(c -> c.name + " (" + what + ")").toList();
    System.out.println("Fault test: not within " + RESUME_LIMIT + ": " + late);
    return late;
  }

  /** Waits until every receiver holds every message the other side had acknowledged. */
  private static void awaitDelivered(List<DeliveryCheck.Pair> pairs) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)
        && !pairs.stream()
            .allMatch(
                p ->
                    p.visitor().holdsAll(p.agent().ackedSeqs())
                        && p.agent().holdsAll(p.visitor().ackedSeqs()))) {
      Thread.sleep(200);
    }
  }

  /** Every client wrote and was acknowledged again after each fault, before the next one. */
  private static List<String> resumedAfterEachFault(List<Fault> faults, Instant end) {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      Instant until = i + 1 < faults.size() ? faults.get(i + 1).at() : end;
      for (ChatClient client : clients) {
        Instant first = client.firstAckAfter(fault.at());
        if (first == null || first.isAfter(until)) {
          missing.add(client.name + " after " + fault.what() + " at " + fault.at());
        }
      }
    }
    return missing;
  }

  private static String faultFigures(List<Fault> faults) {
    long nodeKills =
        faults.stream()
            .filter(f -> f.what().endsWith(" killed") && !f.what().startsWith("MariaDB"))
            .count();
    long nodeStops = faults.stream().filter(f -> f.what().contains("stopped")).count();
    List<Duration> restarts = new ArrayList<>();
    for (Node node : List.of(nodeA, nodeB)) {
      restarts.addAll(node.boots().subList(1, node.boots().size()));
    }
    return String.format(
        "%d faults done: %d node kills (SIGKILL of the JVM, then a restart on the same port), %d"
            + " MariaDB kills (SIGKILL, down %d s, restart on the same data), %d nodes stopped with"
            + " SIGTERM and started again one after the other (a rolling upgrade); %d clients;"
            + " node starts took %s s at first, restarts up to %d s.",
        faults.size(),
        nodeKills,
        faults.size() - nodeKills - nodeStops,
        DB_DOWN.toSeconds(),
        nodeStops,
        clients.size(),
        nodeA.boots().get(0).toSeconds() + " and " + nodeB.boots().get(0).toSeconds(),
        restarts.stream().mapToLong(Duration::toSeconds).max().orElse(0));
  }

  /**
   * Resume times: for a node kill, from the kill to the first acknowledgement of each client whose
   * socket was on that node; for a MariaDB kill, from the database's restart to each client's first
   * acknowledgement.
   */
  private static String resumeFigures(List<Fault> faults) {
    List<Long> afterNode = new ArrayList<>();
    List<Long> afterDb = new ArrayList<>();
    List<Long> afterStop = new ArrayList<>();
    for (Fault fault : faults) {
      List<Long> kind =
          fault.what().startsWith("MariaDB")
              ? afterDb
              : fault.what().contains("stopped") ? afterStop : afterNode;
      for (ChatClient client : fault.hit()) {
        Instant first = client.firstAckAfter(fault.at());
        if (first != null) {
          kind.add(Duration.between(fault.back(), first).toMillis());
        }
      }
    }
    return "back to chatting after a node kill ("
        + spread(afterNode)
        + "), after a MariaDB restart ("
        + spread(afterDb)
        + "), after a node's SIGTERM in the rolling upgrade ("
        + spread(afterStop)
        + ").";
  }

  private static String spread(List<Long> millis) {
    if (millis.isEmpty()) {
      return "none";
    }
    List<Long> sorted = millis.stream().sorted().toList();
    long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    return String.format(
        "%d clients: max %d ms, p99 %d ms, median %d ms",
        sorted.size(), sorted.get(sorted.size() - 1), p99, sorted.get(sorted.size() / 2));
  }

  private static boolean after(Instant instant, Instant since) {
    return instant != null && instant.isAfter(since);
  }

  /** A data key for this test's database only. */
  private static String newDataKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
