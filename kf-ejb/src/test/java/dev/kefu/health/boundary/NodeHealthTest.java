package dev.kefu.health.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.shared.BackgroundFailure;
import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeHealthTest {

  private final List<Integer> exits = new ArrayList<>();
  private final NodeHealth node = new NodeHealth(exits::add);

  @Test
  void aHealthyNodeHasNoFatalReason() {
    assertThat(node.fatalReason()).isEmpty();
  }

  @Test
  void theFirstFatalReportWinsAndIsWhatHealthShows() {
    node.fatal("out of memory", new OutOfMemoryError("Java heap space"));
    node.fatal("embedded database closed", null);

    assertThat(node.fatalReason()).contains("out of memory");
  }

  @Test
  void withoutTheExitSettingTheProcessStays() {
    node.fatal("out of memory", new OutOfMemoryError());

    assertThat(exits).isEmpty();
  }

  @Test
  void withTheExitSettingTheProcessExitsOnceWithItsOwnStatus() {
    node.exitOnFatal = true;

    node.fatal("out of memory", new OutOfMemoryError());
    node.fatal("out of memory", new OutOfMemoryError());

    assertThat(exits).containsExactly(NodeHealth.EXIT_STATUS);
    assertThat(NodeHealth.EXIT_STATUS).isNotZero();
  }

  @Test
  void aWrappedClosedEmbeddedDatabaseIsReportedAsFatal() {
    boolean reported =
        node.reportIfFatal(
            new PersistenceException(
                new SQLNonTransientConnectionException(
                    "The database has been closed [90098-224]", "90098", 90098)));

    assertThat(reported).isTrue();
    assertThat(node.fatalReason()).contains("embedded database closed");
  }

  @Test
  void aSweepThatMeetsTheClosedDatabaseReportsItToo() {
    // As a sweep's EJB call fails when the database closed: wrapped by the container.
    node.onBackgroundFailure(
        new BackgroundFailure(
            new EJBException(
                new RuntimeException(
                    new SQLNonTransientConnectionException(
                        "Database is already closed [90121-224]", "90121", 90121)))));

    assertThat(node.fatalReason()).contains("embedded database closed");
  }

  @Test
  void anOrdinaryFailureIsNotReported() {
    boolean reported = node.reportIfFatal(new IllegalStateException("no such conversation"));

    assertThat(reported).isFalse();
    assertThat(node.fatalReason()).isEmpty();
  }

  @Test
  void aRunningJvmIsNotShuttingDown() {
    assertThat(NodeHealth.shuttingDown()).isFalse();
  }
}
