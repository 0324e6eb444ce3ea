package dev.kefu.setup;

import dev.kefu.setup.SchemaUpgrades.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrades from every earlier schema version on the embedded H2 (MariaDB mode), as a trial
 * installation makes them; {@link SchemaUpgradeOnMariaDbIT} does the same on MariaDB.
 */
class SchemaUpgradeTest {

  @TempDir Path dir;
  private final AtomicInteger made = new AtomicInteger();

  @Test
  void oneVersionAtATimeWithAConversationKeepsItsRowsAndEndsAsANewSchema() throws SQLException {
    SchemaUpgrades.oneVersionAtATime(database(), database());
  }

  @Test
  void everyEarlierVersionUpgradesToTheSchemaOfANewInstallation() throws SQLException {
    SchemaUpgrades.fromEveryVersion(this::database, database());
  }

  private Database database() {
    String url =
        "jdbc:h2:file:"
            + dir.resolve("kefu-" + made.incrementAndGet())
            + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    return new Database(url, "sa", "", "");
  }
}
