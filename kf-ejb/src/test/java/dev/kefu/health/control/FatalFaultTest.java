package dev.kefu.health.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.UUID;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

class FatalFaultTest {

  @Test
  void aClosedEmbeddedDatabaseIsFoundThroughHibernateJpaAndEjbWrappers() throws SQLException {
    SQLException closed = statementOnAClosedH2Database();

    EJBException asTheBoundarySeesIt =
        new EJBException(
            new PersistenceException(
                "could not execute statement",
                new GenericJDBCException("could not execute statement", closed)));

    assertThat(FatalFault.in(asTheBoundarySeesIt))
        .hasValueSatisfying(
            found -> {
              assertThat(found.fault()).isEqualTo(FatalFault.EMBEDDED_DATABASE_CLOSED);
              assertThat(found.evidence()).isSameAs(closed);
            });
  }

  @Test
  void h2sDatabaseHasBeenClosedIsFatalToo() {
    // What H2 2.2 throws once its store closed itself after running out of memory.
    SQLException closed =
        new SQLNonTransientConnectionException(
            "The database has been closed [90098-224]", "90098", 90098);

    assertThat(FatalFault.in(new PersistenceException(closed)))
        .map(FatalFault.Found::fault)
        .contains(FatalFault.EMBEDDED_DATABASE_CLOSED);
  }

  @Test
  void aMariaDbThatIsDownIsNoFatalFault() {
    // The pool reconnects once the server is back: readiness goes down, the node stays.
    SQLException refused =
        new SQLNonTransientConnectionException(
            "Socket fail to connect to 127.0.0.1:3306. Connection refused", "08000", -1);
    SQLException goneAway =
        new SQLNonTransientConnectionException("Server has gone away", "08S01", 2006);

    assertThat(FatalFault.in(new PersistenceException(refused))).isEmpty();
    assertThat(FatalFault.in(new PersistenceException(goneAway))).isEmpty();
  }

  @Test
  void anOrdinaryDatabaseErrorIsNoFatalFault() throws SQLException {
    try (Connection connection = h2("ordinary")) {
      SQLException syntax =
          catchThrowableOfType(
              () -> connection.createStatement().executeQuery("SELEKT 1"), SQLException.class);

      assertThat(syntax.getErrorCode()).isPositive();
      assertThat(FatalFault.in(new PersistenceException(syntax))).isEmpty();
    }
  }

  @Test
  void runningOutOfMemoryIsFatalWhereverItIsInTheChain() {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");

    assertThat(FatalFault.in(oom)).map(FatalFault.Found::fault).contains(FatalFault.OUT_OF_MEMORY);
    assertThat(FatalFault.in(new EJBException(new RuntimeException("while encoding", oom))))
        .map(FatalFault.Found::evidence)
        .containsSame(oom);
  }

  @Test
  void aCauseChainWithACycleEnds() {
    RuntimeException first = new RuntimeException("first");
    RuntimeException second = new RuntimeException("second", first);
    first.initCause(second);

    assertThat(FatalFault.in(second)).isEmpty();
  }

  /** A second session's statement after the first shut the database down, exactly as H2 says it. */
  private static SQLException statementOnAClosedH2Database() throws SQLException {
    String name = "closed-" + UUID.randomUUID();
    try (Connection first = h2(name);
        Connection second = h2(name)) {
      first.createStatement().execute("SHUTDOWN");
      try {
        second.createStatement().executeQuery("SELECT 1");
      } catch (SQLException e) {
        assertThat(e.getErrorCode()).isEqualTo(FatalFault.H2_DATABASE_ALREADY_CLOSED);
        return e;
      }
    }
    throw new AssertionError("H2 answered a statement after SHUTDOWN");
  }

  private static Connection h2(String name) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:mem:" + name + ";MODE=MariaDB;DB_CLOSE_DELAY=-1");
  }

  @Test
  void aClosedEmbeddedDatabaseNamedOnlyInTheTextOfTheXaLayerIsFound() {
    // As Payara's pool passes it on when a transaction starts on a closed H2 database.
    Exception failure =
        new RuntimeException(
            "Got exception during XAResource.start:",
            new javax.transaction.xa.XAException(
                "com.sun.appserv.connectors.internal.api.PoolingException:"
                    + " jakarta.resource.spi.LocalTransactionException: Database is already closed"
                    + " (to disable automatic closing at VM shutdown, add \";DB_CLOSE_ON_EXIT=FALSE\""
                    + " to the db URL) [90121-224]"));

    assertThat(FatalFault.in(failure))
        .map(FatalFault.Found::fault)
        .contains(FatalFault.EMBEDDED_DATABASE_CLOSED);
    assertThat(FatalFault.in(new RuntimeException("no such conversation [42]"))).isEmpty();
  }
}
