package dev.kefu.setup;

import dev.kefu.setup.SchemaUpgrades.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upgrades from every earlier schema version on a real MariaDB (the server at {@code
 * kf.test.mariadb.url}), in databases of the test's own that it drops afterwards.
 */
class SchemaUpgradeOnMariaDbIT {

  private static final String OPTIONS =
      "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
  private final List<String> made = new ArrayList<>();

  @AfterEach
  void drop() throws SQLException {
    try (Connection admin = DriverManager.getConnection(MigrationsOnMariaDbIT.MARIADB, "root", "");
        Statement statement = admin.createStatement()) {
      for (String database : made) {
        statement.execute("DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  @Test
  void oneVersionAtATimeWithAConversationKeepsItsRowsAndEndsAsANewSchema() throws SQLException {
    SchemaUpgrades.oneVersionAtATime(database(), database());
  }

  @Test
  void everyEarlierVersionUpgradesToTheSchemaOfANewInstallation() throws SQLException {
    SchemaUpgrades.fromEveryVersion(this::database, database());
  }

  private Database database() {
    String name = "kf_up_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(MigrationsOnMariaDbIT.MARIADB, "root", "");
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot make a database on MariaDB", e);
    }
    made.add(name);
    return new Database(MigrationsOnMariaDbIT.MARIADB + name, "root", "", OPTIONS);
  }
}
