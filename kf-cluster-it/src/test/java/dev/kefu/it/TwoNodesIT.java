package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kefu.browser.KefuServer;
import dev.kefu.browser.RedisServer;
import jakarta.json.Json;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Kefu nodes, started as operators start them ({@code bin/kefu-server}), on one MariaDB
 * database and one Redis. Proves what the routing promises with several nodes: a crowd of visitors
 * arriving at once is served with no agent above capacity, every conversation assigned once, each
 * department's queue drained oldest first, and no one left waiting while a fitting agent had a free
 * place; and that live frames and agent presence cross from one node to the other.
 *
 * <p>The evidence is what the clients received (every frame, with the time the test read it) and
 * the conversation rows both nodes wrote. Nothing here is timed: figures are printed, not asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

  private static final int AGENTS = 20;
  private static final int CAPACITY = 3;
  private static final int VISITORS = 200;
  private static final String PASSWORD = "cluster-agent-secret";
  private static final Duration RUN_LIMIT = Duration.ofMinutes(8);
  private static final String DB_USER = "kf_cluster_it";
  private static final String DB_PASSWORD = "cluster-it-secret";
  private static final String DATA_KEY = newDataKey();

  private static KefuServer nodeA;
  private static KefuServer nodeB;
  private static Kefu a;
  private static Kefu b;
  private static Connection db;
  private static RedisServer redis;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    Path runtime = Path.of(System.getProperty("kf.cluster-it.runtime"));
    Path war = runtime.resolve("kf.war");
    Deployments.standaloneWarWithFixture().as(ZipExporter.class).exportTo(war.toFile(), true);
    Path work = Path.of(System.getProperty("kf.cluster-it.work"));
    redis = RedisServer.start(work.resolve("redis"));
    String database = System.getProperty("kf.cluster-it.database");
    String server = System.getProperty("kf.cluster-it.mariadb");
    String url = server + database;
    // The nodes sign in to MariaDB as operators set them up: an account with a password.
    try (Connection root = DriverManager.getConnection(server, "root", "");
        var sql = root.createStatement()) {
      sql.execute("CREATE DATABASE IF NOT EXISTS " + database);
      sql.execute(
          "CREATE USER IF NOT EXISTS '" + DB_USER + "'@'%' IDENTIFIED BY '" + DB_PASSWORD + "'");
      sql.execute("GRANT ALL ON " + database + ".* TO '" + DB_USER + "'@'%'");
    }
    Map<String, String> settings =
        Map.of(
            "KF_DB_URL",
            url,
            "KF_DB_USER",
            DB_USER,
            "KF_DB_PASSWORD",
            DB_PASSWORD,
            // Both nodes share the database, so they share its data key (one for this test only).
            "KF_DATA_KEY",
            DATA_KEY,
            "KF_CLUSTER_REDIS_URL",
            redis.url(),
            // Its own channel and keys, should another Kefu use the same Redis meanwhile.
            "KF_CLUSTER_NAME",
            database,
            // All visitors of this test come from one address.
            "KF_WS_MAX_CONNECTIONS_PER_IP",
            "1000",
            "KF_WS_RATE_FRAMES",
            "1000");
    Path script = Path.of(System.getProperty("kf.cluster-it.server"));
    // One after the other: the first node creates the schema and the first admin.
    nodeA =
        KefuServer.start(
            script,
            war,
            Files.createDirectories(work.resolve("node-a")),
            Kefu.ADMIN_PASSWORD,
            KefuServer.freePort(),
            settings);
    nodeB =
        KefuServer.start(
            script,
            war,
            Files.createDirectories(work.resolve("node-b")),
            Kefu.ADMIN_PASSWORD,
            KefuServer.freePort(),
            settings);
    a = new Kefu(nodeA.baseUrl().toURL());
    b = new Kefu(nodeB.baseUrl().toURL());
    db = DriverManager.getConnection(url, DB_USER, DB_PASSWORD);
  }

  @AfterAll
  static void stopNodes() throws Exception {
    if (db != null) {
      db.close();
    }
    try (Connection root =
            DriverManager.getConnection(System.getProperty("kf.cluster-it.mariadb"), "root", "");
        var sql = root.createStatement()) {
      sql.execute("DROP USER IF EXISTS '" + DB_USER + "'@'%'");
    }
    try {
      if (nodeB != null) {
        nodeB.close();
      }
    } finally {
      try {
        if (nodeA != null) {
          nodeA.close();
        }
      } finally {
        if (redis != null) {
          redis.close();
        }
      }
    }
  }

  @Test
  @Order(1)
  void aVisitorOnOneNodeAndTheirAgentOnTheOtherTalkLive() {
    Department department = department();
    String agentId = agent("cross-agent", department.id());
    try (Socket agentOnB = agentSocket(b, "cross-agent");
        Socket visitorOnA = visitorSocket(a, department.siteKey())) {
      visitorOnA.send(Kefu.send("hello from node A"));
      String conversationId = visitorOnA.next("ack").string("conversationId");
      assertThat(visitorOnA.next("assigned").string("conversationId")).isEqualTo(conversationId);
      Frame offered = agentOnB.next("conversation");
      assertThat(offered.object("conversation").getString("id")).isEqualTo(conversationId);

      // Visitor (node A) to agent (node B), live.
      visitorOnA.send(Kefu.send("a second question"));
      // (The history the console got with the conversation comes first.)
      Frame toAgent =
          agentOnB.next(
              f -> f.type().equals("msg") && "a second question".equals(f.string("text")));
      assertThat(toAgent.string("conversationId")).isEqualTo(conversationId);

      // Agent (node B) to visitor (node A): typing, then the answer.
      agentOnB.send(typing(conversationId, true));
      assertThat(visitorOnA.next("typing").json().getBoolean("on")).isTrue();
      agentOnB.send(agentSend(conversationId, "answered from node B"));
      Frame toVisitor = visitorOnA.next("msg");
      assertThat(toVisitor.string("text")).isEqualTo("answered from node B");
      assertThat(toVisitor.object("sender").getString("type")).isEqualTo("agent");
      assertThat(agentId).isNotBlank();

      // Whether anyone answers crosses nodes too: the agent on node B goes away, and comes back.
      agentOnB.send("{\"type\":\"status\",\"value\":\"away\"}");
      assertThat(visitorOnA.next("availability").json().getBoolean("online")).isFalse();
      agentOnB.send("{\"type\":\"status\",\"value\":\"online\"}");
      assertThat(visitorOnA.next("availability").json().getBoolean("online")).isTrue();
    }
  }

  @Test
  @Order(2)
  void anAgentStaysOnlineWhileAConsoleOnAnyNodeIsOpen() throws Exception {
    Department department = department();
    String agentId = agent("two-consoles", department.id());
    Socket onA = agentSocket(a, "two-consoles");
    try (Socket onB = agentSocket(b, "two-consoles");
        Socket visitorOnA = visitorSocket(a, department.siteKey())) {
      visitorOnA.send(Kefu.send("is anyone there?"));
      String conversationId = visitorOnA.next("ack").string("conversationId");
      visitorOnA.next("assigned");

      onA.close();
      // Long enough for node A to have handled the close and for two presence sweeps.
      Thread.sleep(Duration.ofSeconds(12).toMillis());
      assertThat(agentRow(agentId))
          .as("the agent's console on node B keeps them online")
          .containsEntry("status", "ONLINE")
          .containsEntry("disconnected_at", null);

      visitorOnA.send(Kefu.send("still there?"));
      assertThat(onB.next("msg").string("conversationId")).isEqualTo(conversationId);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(agentRow(agentId))
                    .as("with the last console on any node closed, the agent is offline")
                    .containsEntry("status", "OFFLINE")
                    .doesNotContainEntry("disconnected_at", null));
  }

  @Test
  @Order(3)
  void twoHundredVisitorsAtOnceAreServedOnceInOrderWithinCapacity() throws Exception {
    List<Department> departments = List.of(department(), department());
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      Department department = departments.get(i % 2);
      String username = "burst-" + i;
      String id = agent(username, department.id());
      agents.add(new Agent(id, username, department.id(), i % 4 < 2 ? a : b));
    }
    try (PreparedStatement capacity =
        db.prepareStatement("UPDATE agent SET capacity = ? WHERE id = ?")) {
      for (Agent agent : agents) {
        capacity.setInt(1, CAPACITY);
        capacity.setString(2, agent.id());
        capacity.executeUpdate();
      }
    }
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService agentThreads = Executors.newFixedThreadPool(AGENTS);
    Map<String, Instant> onlineAt = new ConcurrentHashMap<>();
    for (Agent agent : agents) {
      agent.socket = agentSocket(agent.node, agent.username);
      onlineAt.put(agent.id(), Instant.now());
      agentThreads.execute(() -> agent.work(running));
    }

    List<Visitor> visitors = new ArrayList<>();
    ExecutorService opening = Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<Visitor>> opened = new ArrayList<>();
    for (int i = 0; i < VISITORS; i++) {
      int index = i;
      Department department = departments.get(i % 2);
      Kefu node = i % 4 < 2 ? a : b;
      opened.add(
          opening.submit(
              () ->
                  new Visitor(
                      index, department.id(), node, visitorSocket(node, department.siteKey()))));
    }
    for (var visitor : opened) {
      visitors.add(visitor.get());
    }
    opening.shutdown();
    // Everyone arrives at once.
    Instant burst = Instant.now();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService arrivals = Executors.newFixedThreadPool(32);
    for (Visitor visitor : visitors) {
      arrivals.execute(
          () -> {
            try {
              go.await();
              visitor.socket.send(Kefu.send("question of visitor " + visitor.index));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    go.countDown();
    arrivals.shutdown();
    assertThat(arrivals.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

    // Read the visitors' frames as they come, noting when each came, until all is closed.
    Instant deadline = Instant.now().plus(RUN_LIMIT);
    Instant lastCheck = Instant.EPOCH;
    boolean done = false;
    while (!done && Instant.now().isBefore(deadline)) {
      for (Visitor visitor : visitors) {
        visitor.read();
      }
      if (Duration.between(lastCheck, Instant.now()).toMillis() > 500) {
        lastCheck = Instant.now();
        done = openConversations(departments) == 0 && visitors.stream().allMatch(Visitor::closed);
      }
      Thread.sleep(2);
    }
    Instant drained = Instant.now();
    running.set(false);
    agentThreads.shutdown();
    assertThat(agentThreads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    visitors.forEach(v -> v.socket.close());
    agents.forEach(agent -> agent.socket.close());
    assertThat(done).as("every conversation closed within %s", RUN_LIMIT).isTrue();

    List<Row> rows = conversations(departments);
    System.out.printf(
        "Two nodes, %d agents of capacity %d, %d visitors: queue drained in %d ms after the"
            + " burst; %d conversations, first assignment after %d ms on average.%n",
        AGENTS,
        CAPACITY,
        VISITORS,
        Duration.between(burst, drained).toMillis(),
        rows.size(),
        (long)
            rows.stream()
                .mapToLong(r -> Duration.between(r.created, r.assigned).toMillis())
                .average()
                .orElse(0));

    assertThat(rows).hasSize(VISITORS);
    Map<String, Visitor> visitorOf = new HashMap<>();
    for (Visitor visitor : visitors) {
      assertThat(visitor.conversationId)
          .as("visitor %d was acknowledged", visitor.index)
          .isNotNull();
      visitorOf.put(visitor.conversationId, visitor);
    }
    Map<String, Agent> agentById =
        agents.stream().collect(Collectors.toMap(Agent::id, agent -> agent));

    // Every conversation assigned exactly once: one row with one agent, one "conversation" frame
    // to that agent and none to anyone else, one "assigned" frame to the visitor.
    Map<String, List<String>> offeredTo = new HashMap<>();
    for (Agent agent : agents) {
      for (String id : agent.offered.keySet()) {
        offeredTo.computeIfAbsent(id, k -> new ArrayList<>()).add(agent.id());
      }
      assertThat(agent.offeredTwice)
          .as("conversations offered twice to %s", agent.username)
          .isEmpty();
    }
    int crossNode = 0;
    for (Row row : rows) {
      assertThat(row.state).as(row.id).isEqualTo("CLOSED");
      assertThat(row.agentId).as(row.id).isNotNull();
      assertThat(offeredTo.get(row.id))
          .as("agents offered %s", row.id)
          .containsExactly(row.agentId);
      Visitor visitor = visitorOf.get(row.id);
      assertThat(visitor.assignedFrames).as("assigned frames of %s", row.id).isEqualTo(1);
      assertThat(agentById.get(row.agentId).department).isEqualTo(row.departmentId);
      assertThat(visitor.agentAnswers)
          .as("the agent's answer reached visitor %d", visitor.index)
          .containsExactly("answer to " + row.id);
      if (visitor.node != agentById.get(row.agentId).node) {
        crossNode++;
      }
    }
    assertThat(crossNode)
        .as("conversations whose visitor and agent were on different nodes")
        .isPositive();

    // Never above capacity: neither as the agents saw it nor in the rows.
    for (Agent agent : agents) {
      assertThat(agent.mostOpen)
          .as("most open conversations seen by %s", agent.username)
          .isLessThanOrEqualTo(CAPACITY);
      assertThat(mostAtOnce(rows, agent.id()))
          .as("most conversations assigned at once to %s", agent.username)
          .isLessThanOrEqualTo(CAPACITY);
    }

    for (Department department : departments) {
      List<Row> inDepartment =
          rows.stream()
              .filter(r -> r.departmentId.equals(department.id()))
              .sorted(Comparator.comparing((Row r) -> r.created).thenComparing(r -> r.id))
              .toList();
      List<Row> queued =
          inDepartment.stream().filter(r -> visitorOf.get(r.id).queuedSeen != null).toList();
      assertThat(queued).as("conversations that waited in the queue").isNotEmpty();

      // Oldest first: once an older conversation was seen waiting, no younger one of the same
      // department was assigned before it.
      for (Row older : queued) {
        Instant waiting = visitorOf.get(older.id).queuedSeen;
        for (Row younger : inDepartment) {
          if (younger.created.isAfter(older.created) && younger.assigned.isAfter(waiting)) {
            assertThat(older.assigned)
                .as(
                    "%s (waiting since %s) assigned no later than the younger %s",
                    older.id, waiting, younger.id)
                .isBeforeOrEqualTo(younger.assigned);
          }
        }
      }

      // No one left waiting while a fitting agent had a free place.
      for (Agent agent : agents) {
        if (!agent.department.equals(department.id())) {
          continue;
        }
        for (Gap gap : freePlaces(rows, agent.id(), onlineAt.get(agent.id()), drained)) {
          for (Row waiting : queued) {
            Instant seen = visitorOf.get(waiting.id).queuedSeen;
            // A place freed by a close is refilled in the closing transaction, by the oldest
            // waiting conversation (the order check above): a gap that ends in an assignment is
            // that transaction. A place never refilled while someone waited is the failure.
            boolean waitedThroughGap =
                gap.to.equals(drained)
                    && seen.isBefore(gap.from)
                    && waiting.assigned.isAfter(gap.from);
            boolean arrivedIntoGap =
                waiting.created.isAfter(gap.from)
                    && gap.to.isAfter(seen)
                    && waiting.assigned.isAfter(gap.to);
            assertThat(waitedThroughGap || arrivedIntoGap)
                .as(
                    "%s waited (seen %s, assigned %s) while %s had a free place from %s to %s",
                    waiting.id, seen, waiting.assigned, agent.username, gap.from, gap.to)
                .isFalse();
          }
        }
      }
    }
  }

  @Test
  @Order(4)
  void withRedisGoneEachNodeGoesOnAndLiveFramesCrossAgainWhenItIsBack() throws Exception {
    Department department = department();
    agent("outage-agent", department.id());
    try (Socket agentOnB = agentSocket(b, "outage-agent");
        Socket visitorOnA = visitorSocket(a, department.siteKey())) {
      visitorOnA.send(Kefu.send("before the outage"));
      String conversationId = visitorOnA.next("ack").string("conversationId");
      visitorOnA.next("assigned");
      agentOnB.next("conversation");

      redis.stop();

      // Both nodes still store and acknowledge what their clients send.
      visitorOnA.send(Kefu.send("during the outage"));
      visitorOnA.next("ack");
      agentOnB.send(agentSend(conversationId, "answer during the outage"));
      agentOnB.next("ack");
      assertThat(a.get("api/v1/status")).isNotBlank();
      // Readiness stays up, since every node shares Redis and goes on without it, and says it.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                java.net.http.HttpResponse<String> ready =
                    a.send(java.net.http.HttpRequest.newBuilder(a.health("ready")).GET());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(ready.body()).contains("Redis does not answer");
              });
      // What did not cross live, a console gets from the database when it resumes.
      try (Socket resumed = Socket.open(b.agentUri(b.ticket("outage-agent", PASSWORD)), b.origin)) {
        resumed.send(
            "{\"type\":\"hello\",\"protocol\":1,\"resume\":[{\"conversationId\":\""
                + conversationId
                + "\",\"lastSeq\":1}]}");
        Frame missed =
            resumed.next(
                f -> f.type().equals("msg") && "during the outage".equals(f.string("text")));
        assertThat(missed.string("conversationId")).isEqualTo(conversationId);
      }

      redis.start();

      // Lettuce reconnects with a growing back-off; live frames cross again once it has.
      Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
      boolean crossed = false;
      for (int n = 0; !crossed && Instant.now().isBefore(deadline); n++) {
        visitorOnA.send(Kefu.send("after the outage " + n));
        visitorOnA.next("ack");
        crossed =
            agentOnB.drain(Duration.ofSeconds(1)).stream()
                .anyMatch(
                    f -> f.type().equals("msg") && f.string("text").startsWith("after the outage"));
      }
      assertThat(crossed).as("a visitor's message on node A reached node B live again").isTrue();
    }
  }

  // ---- the actors ----

  /** An agent console that takes what it is given, answers it and closes it a moment later. */
  private static final class Agent {
    final String id;
    final String username;
    final String department;
    final Kefu node;
    Socket socket;
    final Map<String, Instant> offered = new LinkedHashMap<>();
    final List<String> offeredTwice = new ArrayList<>();
    final Set<String> open = ConcurrentHashMap.newKeySet();
    final Map<String, Instant> closeAt = new LinkedHashMap<>();
    volatile int mostOpen;

    Agent(String id, String username, String department, Kefu node) {
      this.id = id;
      this.username = username;
      this.department = department;
      this.node = node;
    }

    String id() {
      return id;
    }

    void work(AtomicBoolean running) {
      while (running.get()) {
        for (Frame frame : socket.drain(Duration.ofMillis(20))) {
          switch (frame.type()) {
            case "conversation" -> {
              String conversationId = frame.object("conversation").getString("id");
              if (offered.putIfAbsent(conversationId, Instant.now()) != null) {
                offeredTwice.add(conversationId);
              }
              open.add(conversationId);
              mostOpen = Math.max(mostOpen, open.size());
              closeAt.put(
                  conversationId,
                  Instant.now().plusMillis(ThreadLocalRandom.current().nextInt(50, 400)));
            }
            case "closed" -> open.remove(frame.string("conversationId"));
            default -> {}
          }
        }
        Instant now = Instant.now();
        for (var due : List.copyOf(closeAt.entrySet())) {
          if (due.getValue().isBefore(now)) {
            closeAt.remove(due.getKey());
            socket.send(agentSend(due.getKey(), "answer to " + due.getKey()));
            socket.send("{\"type\":\"close\",\"conversationId\":\"" + due.getKey() + "\"}");
            // Ended as the agent sees it: its "closed" frame comes from this node after the commit,
            // while the next "conversation" may come from the other node's routing through Redis
            // first. The rows prove that no fourth was assigned before the close was committed.
            open.remove(due.getKey());
          }
        }
      }
    }
  }

  /** A visitor's widget: its frames as they come, and when the first queue frame came. */
  private static final class Visitor {
    final int index;
    final String department;
    final Kefu node;
    final Socket socket;
    String conversationId;
    Instant queuedSeen;
    int assignedFrames;
    boolean closedSeen;
    final List<String> agentAnswers = new ArrayList<>();

    Visitor(int index, String department, Kefu node, Socket socket) {
      this.index = index;
      this.department = department;
      this.node = node;
      this.socket = socket;
    }

    void read() {
      for (Frame frame : socket.drain(Duration.ZERO)) {
        Instant now = Instant.now();
        switch (frame.type()) {
          case "ack" -> conversationId = frame.string("conversationId");
          case "queue" -> {
            if (queuedSeen == null && assignedFrames == 0) {
              queuedSeen = now;
            }
          }
          case "assigned" -> assignedFrames++;
          case "msg" -> {
            if ("agent".equals(frame.object("sender").getString("type"))) {
              agentAnswers.add(frame.string("text"));
            }
          }
          case "closed" -> closedSeen = true;
          default -> {}
        }
      }
    }

    boolean closed() {
      return closedSeen;
    }
  }

  /**
   * A site deleted through one node is refused by the other at its next handshake, though that node
   * read the site moments before and would keep it for a few seconds without news of the change.
   */
  @Test
  @Order(5)
  void aSiteDeletedOnOneNodeIsRefusedOnTheOtherAtOnce() {
    Department department = department();
    String siteId =
        Json.createReader(new java.io.StringReader(a.get("api/v1/sites")))
            .readArray()
            .getValuesAs(jakarta.json.JsonObject.class)
            .stream()
            .filter(site -> site.getString("siteKey").equals(department.siteKey()))
            .findFirst()
            .orElseThrow()
            .getString("id");
    // Node B has read the site for a visitor: it keeps it for a few seconds.
    try (Socket visitorOnB = visitorSocket(b, department.siteKey())) {
      assertThat(visitorOnB.isOpen()).isTrue();
    }

    HttpResponse<String> deleted =
        a.send(
            HttpRequest.newBuilder(a.base.resolve("api/v1/sites/" + siteId))
                .header("Authorization", Kefu.basic())
                .DELETE());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

    // Well within what node B would keep the site without news (kf.sites.cache-seconds, 5 s):
    // the news of the change reaches it over the cluster's bus.
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> Socket.open(b.visitorUri(department.siteKey()), b.origin))
                    .as("node B refuses the deleted site's widget")
                    .isInstanceOfSatisfying(
                        Socket.Refused.class, r -> assertThat(r.status).isEqualTo(403)));
  }

  /**
   * A node counts an agent's console from the moment it opens, not from its next heartbeat: a node
   * just started (or whose keys Redis lost) is not yet among the nodes counted for up to 5 s, and
   * an agent whose only console is on it must not be found on no node meanwhile, neither by the
   * close of their console elsewhere nor by another node's presence sweep.
   */
  @Test
  @Order(6)
  void aConsoleOnANodeNotYetCountedByItsHeartbeatKeepsTheAgentOnline() throws Exception {
    Department department = department();
    String agentId = agent("fresh-node", department.id());
    String prefix = System.getProperty("kf.cluster-it.database") + ":";
    String nodes = prefix + "nodes";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> redis.command("SMEMBERS", nodes).lines().count() == 2);
    Socket onA = agentSocket(a, "fresh-node");
    List<String> members = redis.command("SMEMBERS", nodes).lines().toList();
    String nodeA =
        members.stream()
            .filter(n -> agentCount(prefix, n, agentId).equals("1"))
            .findFirst()
            .orElseThrow();
    String nodeB = members.stream().filter(n -> !n.equals(nodeA)).findFirst().orElseThrow();

    // Just after the nodes' heartbeats (on the clock's multiples of 5 s), so that node B writes
    // none before the console on A has closed: as if B had just started.
    while (Instant.now().getEpochSecond() % 5 != 1) {
      Thread.sleep(50);
    }
    redis.command("SREM", nodes, nodeB);
    try (Socket onB = agentSocket(b, "fresh-node")) {
      assertThat(redis.command("SISMEMBER", nodes, nodeB))
          .as("the node of a console just opened is counted, before its heartbeat")
          .isEqualTo("1");
      onA.close();
      // Past node A's handling of the close and the nodes' next heartbeats and sweeps.
      Thread.sleep(Duration.ofSeconds(6).toMillis());
      assertThat(agentRow(agentId))
          .as("the agent's console on node B, not yet in B's heartbeat, keeps them online")
          .containsEntry("status", "ONLINE")
          .containsEntry("disconnected_at", null);
    }
  }

  private static String agentCount(String prefix, String node, String agentId) {
    try {
      return redis.command("HGET", prefix + "consoles:" + node, agentId);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * SIGTERM on a node while its visitors go on writing: the node finishes what it is handling and
   * closes every socket with 1001, the visitors resume on the other node and send again what was
   * not acknowledged, as the widget does, and each conversation then holds every message once, in
   * the order it was written. Runs last: node A is gone afterwards.
   */
  @Test
  @Order(9)
  void aNodeStoppedWithSigtermSendsItsVisitorsOnWith1001AndLosesNothing() throws Exception {
    Department department = department();
    agent("drain-agent", department.id());
    int visitors = 10;
    try (Socket agentOnB = agentSocket(b, "drain-agent")) {
      List<Socket> onA = new ArrayList<>();
      List<String> tokens = new ArrayList<>();
      List<String> conversations = new ArrayList<>();
      List<List<String>> written = new ArrayList<>();
      for (int i = 0; i < visitors; i++) {
        Socket visitor = visitorSocket(a, department.siteKey());
        tokens.add(frameOf(visitor, "welcome").string("visitorToken"));
        String first = UUID.randomUUID().toString();
        visitor.send(Kefu.sendFrame(first, "visitor " + i + " line 0"));
        conversations.add(visitor.next("ack").string("conversationId"));
        onA.add(visitor);
        written.add(new ArrayList<>(List.of(first)));
      }

      // Node A is stopped while every visitor writes on, not waiting for acknowledgements.
      Instant stopping = Instant.now();
      CompletableFuture<Void> stopped =
          CompletableFuture.runAsync(
              () -> {
                try {
                  nodeA.close();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      for (int line = 1; line <= 400 && onA.stream().anyMatch(Socket::isOpen); line++) {
        for (int i = 0; i < visitors; i++) {
          if (!onA.get(i).isOpen()) {
            continue;
          }
          String id = UUID.randomUUID().toString();
          written.get(i).add(id);
          try {
            onA.get(i).send(Kefu.sendFrame(id, "visitor " + i + " line " + line));
          } catch (RuntimeException closedMeanwhile) {
            // Not sent, so not acknowledged: it is sent again below.
          }
        }
        Thread.sleep(10);
      }
      stopped.get(2, TimeUnit.MINUTES);
      Duration took = Duration.between(stopping, Instant.now());
      nodeA = null;

      int acknowledgedOnA = 0;
      int sentAgain = 0;
      for (int i = 0; i < visitors; i++) {
        Socket visitor = onA.get(i);
        assertThat(visitor.closeCode())
            .as("visitor %d's socket closed by node A", i)
            .isEqualTo(1001);
        visitor.drain(Duration.ZERO);
        Set<String> acknowledged =
            visitor.seen().stream()
                .filter(f -> f.type().equals("ack"))
                .map(f -> f.string("clientMsgId"))
                .collect(Collectors.toSet());
        acknowledgedOnA += acknowledged.size();
        // What node A acknowledged is what was written first: nothing after a refused frame.
        List<String> lines = written.get(i);
        assertThat(lines.subList(0, acknowledged.size()))
            .containsExactlyInAnyOrderElementsOf(acknowledged);

        try (Socket resumed = Socket.open(b.visitorUri(department.siteKey()), b.origin)) {
          resumed.send(
              Json.createObjectBuilder()
                  .add("type", "hello")
                  .add("protocol", 1)
                  .add("visitorToken", tokens.get(i))
                  .add(
                      "resume",
                      Json.createObjectBuilder()
                          .add("conversationId", conversations.get(i))
                          .add("lastSeq", 0))
                  .build()
                  .toString());
          resumed.next("welcome");
          for (String id : lines.subList(acknowledged.size(), lines.size())) {
            resumed.send(Kefu.sendFrame(id, "again " + id));
            assertThat(resumed.next("ack").string("clientMsgId")).isEqualTo(id);
            sentAgain++;
          }
        }
        assertThat(storedVisitorLines(conversations.get(i)))
            .as("visitor %d's conversation holds every line once, in order", i)
            .containsExactlyElementsOf(lines);
      }
      System.out.printf(
          "SIGTERM under load: node A stopped after %d ms; %d lines acknowledged on A, %d sent"
              + " again on B; every socket closed with 1001.%n",
          took.toMillis(), acknowledgedOnA, sentAgain);
    }
  }

  /** A frame of this type among those the socket has read, or the next one. */
  private static Frame frameOf(Socket socket, String type) {
    return socket.seen().stream()
        .filter(f -> f.type().equals(type))
        .findFirst()
        .orElseGet(() -> socket.next(type));
  }

  /** The client ids of the visitor's messages in a conversation, in the order stored. */
  private static List<String> storedVisitorLines(String conversationId) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement(
            "SELECT client_msg_id FROM message WHERE conversation_id = ?"
                + " AND sender_type = 'VISITOR' ORDER BY seq")) {
      query.setString(1, conversationId);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  // ---- evidence from the database ----

  private record Row(
      String id,
      String departmentId,
      String agentId,
      String state,
      Instant created,
      Instant assigned,
      Instant closed) {}

  private record Gap(Instant from, Instant to) {}

  private static List<Row> conversations(List<Department> departments) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement query =
        db.prepareStatement(
            "SELECT id, department_id, agent_id, state, created_at, assigned_at, closed_at"
                + " FROM conversation WHERE department_id IN (?, ?)")) {
      query.setString(1, departments.get(0).id());
      query.setString(2, departments.get(1).id());
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  instant(rs, 5),
                  instant(rs, 6),
                  instant(rs, 7)));
        }
      }
    }
    return rows;
  }

  private static long openConversations(List<Department> departments) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement(
            "SELECT COUNT(*) FROM conversation WHERE department_id IN (?, ?)"
                + " AND state IN ('QUEUED', 'ASSIGNED')")) {
      query.setString(1, departments.get(0).id());
      query.setString(2, departments.get(1).id());
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The most conversations the rows show assigned to the agent at one moment. */
  private static int mostAtOnce(List<Row> rows, String agentId) {
    List<Map.Entry<Instant, Integer>> changes = new ArrayList<>();
    for (Row row : rows) {
      if (agentId.equals(row.agentId)) {
        changes.add(Map.entry(row.assigned, 1));
        changes.add(Map.entry(row.closed, -1));
      }
    }
    // At one instant, a close counts before an assignment.
    changes.sort(Map.Entry.<Instant, Integer>comparingByKey().thenComparing(Map.Entry::getValue));
    int load = 0;
    int most = 0;
    for (var change : changes) {
      load += change.getValue();
      most = Math.max(most, load);
    }
    return most;
  }

  /** The spans in which the agent, online from {@code from}, had fewer than CAPACITY open. */
  private static List<Gap> freePlaces(List<Row> rows, String agentId, Instant from, Instant to) {
    List<Map.Entry<Instant, Integer>> changes = new ArrayList<>();
    for (Row row : rows) {
      if (agentId.equals(row.agentId)) {
        changes.add(Map.entry(row.assigned, 1));
        changes.add(Map.entry(row.closed, -1));
      }
    }
    changes.sort(Map.Entry.<Instant, Integer>comparingByKey().thenComparing(Map.Entry::getValue));
    List<Gap> gaps = new ArrayList<>();
    int load = 0;
    Instant freeSince = from;
    for (var change : changes) {
      load += change.getValue();
      if (load < CAPACITY && freeSince == null) {
        freeSince = change.getKey();
      } else if (load >= CAPACITY && freeSince != null) {
        if (change.getKey().isAfter(freeSince)) {
          gaps.add(new Gap(freeSince, change.getKey()));
        }
        freeSince = null;
      }
    }
    if (freeSince != null) {
      gaps.add(new Gap(freeSince, to));
    }
    return gaps;
  }

  private static Map<String, Object> agentRow(String agentId) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement("SELECT status, disconnected_at FROM agent WHERE id = ?")) {
      query.setString(1, agentId);
      try (ResultSet rs = query.executeQuery()) {
        assertThat(rs.next()).isTrue();
        Map<String, Object> row = new HashMap<>();
        row.put("status", rs.getString(1));
        row.put("disconnected_at", instant(rs, 2));
        return row;
      }
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    LocalDateTime value = rs.getObject(column, LocalDateTime.class);
    // Kefu writes its timestamps in UTC (hibernate.jdbc.time_zone).
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  // ---- set-up through the test fixture and the real endpoints ----

  private record Department(String id, String siteKey) {}

  private static Department department() {
    String[] made =
        a.fixture("departments", Map.of("origins", a.origin + "," + b.origin)).split("\n");
    return new Department(made[0], made[1]);
  }

  private static String agent(String username, String departmentId) {
    return a.fixture(
        "accounts",
        Map.of(
            "username", username,
            "password", PASSWORD,
            "roles", "kf-agent",
            "department", departmentId));
  }

  /** An agent console on the given node, said hello and gone online. */
  private static Socket agentSocket(Kefu node, String username) {
    Socket socket = Socket.open(node.agentUri(node.ticket(username, PASSWORD)), node.origin);
    socket.send("{\"type\":\"hello\",\"protocol\":1}");
    socket.next("welcome");
    socket.send("{\"type\":\"status\",\"value\":\"online\"}");
    socket.next("status");
    return socket;
  }

  private static Socket visitorSocket(Kefu node, String siteKey) {
    for (int attempt = 1; ; attempt++) {
      Socket socket = Socket.open(node.visitorUri(siteKey), node.origin);
      socket.send(
          "{\"type\":\"hello\",\"protocol\":1,\"locale\":\"zh-CN\",\"page\":{\"url\":\""
              + node.origin
              + "/shop/\",\"title\":\"Shop\"}}");
      try {
        socket.next("welcome");
        return socket;
      } catch (AssertionError noWelcome) {
        // Seen once on a machine under heavy load; keep what the nodes were doing, try again.
        threadDumps("no-welcome-" + attempt);
        socket.close();
        if (attempt == 2) {
          throw noWelcome;
        }
      }
    }
  }

  /** Thread dumps of both nodes' JVMs into the work folder, for a failure to explain itself. */
  private static synchronized void threadDumps(String name) {
    Path work = Path.of(System.getProperty("kf.cluster-it.work"));
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("payara-micro.jar"))
        .filter(
            p ->
                p.info().commandLine().orElse("").contains("--port " + a.base.getPort())
                    || p.info().commandLine().orElse("").contains("--port " + b.base.getPort()))
        .forEach(
            p -> {
              try {
                new ProcessBuilder("jcmd", Long.toString(p.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve(name + "-" + p.pid() + ".txt").toFile())
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
              } catch (Exception e) {
                System.out.println("no thread dump of " + p.pid() + ": " + e);
              }
            });
  }

  private static String agentSend(String conversationId, String text) {
    return "{\"type\":\"send\",\"conversationId\":\""
        + conversationId
        + "\",\"clientMsgId\":\""
        + UUID.randomUUID()
        + "\",\"text\":\""
        + text
        + "\"}";
  }

  private static String typing(String conversationId, boolean on) {
    return "{\"type\":\"typing\",\"conversationId\":\"" + conversationId + "\",\"on\":" + on + "}";
  }

  /** A data key for this test's database only. */
  private static String newDataKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
