package dev.kefu.health.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.health.boundary.NodeHealth;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseProbeTest {

  private final NodeHealth node = new NodeHealth();
  private final DatabaseProbe probe = new DatabaseProbe();
  private final AtomicInteger connections = new AtomicInteger();
  private Connection database;

  @BeforeEach
  void anEmbeddedDatabase() throws SQLException {
    database =
        DriverManager.getConnection(
            "jdbc:h2:mem:probe-" + UUID.randomUUID() + ";MODE=MariaDB;DB_CLOSE_DELAY=-1");
    probe.node = node;
    probe.timeoutSeconds = 1;
    // Like the pool: the same physical connection again and again, however it fares.
    probe.dataSource = dataSource(() -> database);
  }

  @AfterEach
  void close() throws SQLException {
    database.close();
  }

  @Test
  void aDatabaseThatAnswersIsNoProblem() {
    assertThat(probe.problem()).isEmpty();
    assertThat(node.fatalReason()).isEmpty();
  }

  @Test
  void aClosedEmbeddedDatabaseMakesTheNodeFatallyBroken() throws SQLException {
    try (Connection other = DriverManager.getConnection(database.getMetaData().getURL())) {
      other.createStatement().execute("SHUTDOWN");
    }

    assertThat(probe.problem()).contains("embedded database closed");
    assertThat(node.fatalReason()).contains("embedded database closed");
  }

  @Test
  void aDatabaseThatAnswersTooLateIsNotReadyButNotBroken() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    probe.dataSource =
        dataSource(
            () -> {
              release.await(10, TimeUnit.SECONDS);
              return database;
            });
    Thread slow = new Thread(probe::problem);
    slow.start();
    while (connections.get() == 0) {
      Thread.onSpinWait();
    }

    // A caller while the one query hangs waits for it no longer than the timeout.
    assertThat(probe.problem()).contains(DatabaseProbe.NO_ANSWER);
    release.countDown();
    slow.join();
    assertThat(node.fatalReason()).isEmpty();
  }

  @Test
  void callersWithinASecondShareOneQuery() {
    long started = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      assertThat(probe.problem()).isEmpty();
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    assertThat(connections.get()).isLessThanOrEqualTo((int) seconds + 1);
  }

  private interface ConnectionSource {
    Connection get() throws Exception;
  }

  /** A data source handing out the given connection, whose close() leaves it open for reuse. */
  private DataSource dataSource(ConnectionSource source) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("getConnection")) {
                throw new UnsupportedOperationException(method.getName());
              }
              connections.incrementAndGet();
              Connection real = source.get();
              return Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> m.getName().equals("close") ? null : m.invoke(real, a));
            });
  }
}
