package dev.kefu.setup.boundary;

import dev.kefu.setup.control.MessageCjkTerms;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date before anything else runs. Flyway takes its own lock in the
 * database, so nodes starting together migrate once. Runs outside a JTA transaction because Flyway
 * commits each migration itself.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());
  private static final String MARIADB_TABLE_OPTIONS =
      "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

  private static volatile boolean current;

  @Inject private DataSource dataSource;

  /**
   * Whether this node has brought the schema up to date. Timers start with the application, before
   * or while the migration runs; on a new database their first queries would name tables and
   * columns that do not exist yet, so they wait for this.
   */
  public static boolean isCurrent() {
    return current;
  }

  @PostConstruct
  void migrate() {
    String product = productName();
    boolean mariaDb = product.contains("mariadb") || product.contains("mysql");
    MigrateResult result = configure(mariaDb).dataSource(dataSource).load().migrate();
    current = true;
    LOG.info(
        () ->
            "database schema on "
                + product
                + " is at version "
                + (result.targetSchemaVersion == null
                    ? result.initialSchemaVersion
                    : result.targetSchemaVersion)
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }

  /**
   * Kefu's migrations for one kind of database, without the database: the SQL files of {@code
   * db/migration} and the ones written in Java ({@link MessageCjkTerms}).
   */
  public static FluentConfiguration configure(boolean mariaDb) {
    return Flyway.configure(SchemaMigration.class.getClassLoader())
        .locations("classpath:db/migration")
        .placeholders(placeholders(mariaDb))
        .javaMigrations(new MessageCjkTerms(mariaDb));
  }

  /**
   * What the migrations' placeholders stand for: {@code table_options} (the table options of
   * MariaDB, empty on H2) and {@code mariadb_only} (empty on MariaDB, the start of a comment on H2,
   * for a statement that H2 has no equivalent of, such as a FULLTEXT index).
   */
  public static Map<String, String> placeholders(boolean mariaDb) {
    return Map.of(
        "table_options",
        mariaDb ? MARIADB_TABLE_OPTIONS : "",
        "mariadb_only",
        mariaDb ? "" : "-- ");
  }

  private String productName() {
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
        // Assignment reads agents' loads after waiting for a department lock; a snapshot taken
        // before the wait (REPEATABLE READ) could put an agent over capacity when nodes race.
        LOG.warning(
            "jdbc/kefu does not run in READ COMMITTED isolation; set the pool's"
                + " transaction-isolation-level to read-committed (docs/deploy-payara-server.md)");
      }
      return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Kefu cannot reach its database (jdbc/kefu): " + e.getMessage(), e);
    }
  }
}
