package dev.kefu.setup;

import static dev.kefu.setup.MigrationsTest.assertAuditSchema;
import static dev.kefu.setup.MigrationsTest.assertCjkTermsOfStoredMessages;
import static dev.kefu.setup.MigrationsTest.assertSchemaGuardsMessages;
import static dev.kefu.setup.MigrationsTest.assertSealedValuesFit;
import static dev.kefu.setup.MigrationsTest.migrate;
import static dev.kefu.setup.MigrationsTest.migrateTo;
import static dev.kefu.setup.MigrationsTest.storeMessagesBeforeV19;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.shared.CjkTerms;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The migrations on a real MariaDB (the server at {@code kf.test.mariadb.url}, by default on
 * loopback), in a database of the test's own that it drops afterwards: the same schema and guards
 * as on H2 ({@link MigrationsTest}), and a second run that finds nothing to do.
 */
class MigrationsOnMariaDbIT {

  static final String MARIADB =
      System.getProperty("kf.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");

  @Test
  void migrateOnMariaDb() throws SQLException {
    String database = "kf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(MARIADB, "root", "");
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
      try {
        String url = MARIADB + database;
        String options = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
        migrateTo(url, "root", "", options, "18");
        storeMessagesBeforeV19(url, "root", "");
        migrate(url, "root", "", options);
        assertCjkTermsOfStoredMessages(url, "root", "");
        assertFullTextFindsTheChineseWord(url);
        assertSchemaGuardsMessages(url, "root", "");
        assertAuditSchema(url, "root", "");
        assertSealedValuesFit(url, "root", "");
        // Migrating again is a no-op: a restarted node finds the schema up to date.
        assertThat(migrate(url, "root", "", "ENGINE=InnoDB")).isZero();
      } finally {
        statement.execute("DROP DATABASE " + database);
      }
    }
  }

  /** The FULLTEXT index of version 19 holds every pair of characters as a word of its own. */
  private static void assertFullTextFindsTheChineseWord(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "root", "");
        PreparedStatement find =
            c.prepareStatement(
                "SELECT id FROM message WHERE MATCH (cjk_terms) AGAINST (? IN BOOLEAN MODE)")) {
      find.setString(1, "+" + String.join(" +", CjkTerms.ofTerm("新加坡")));
      try (ResultSet found = find.executeQuery()) {
        assertThat(found.next()).isTrue();
        assertThat(found.getString(1)).isEqualTo("m-91");
        assertThat(found.next()).isFalse();
      }
      find.setString(1, "+" + String.join(" +", CjkTerms.ofTerm("北京")));
      try (ResultSet found = find.executeQuery()) {
        assertThat(found.next()).isFalse();
      }
    }
  }
}
