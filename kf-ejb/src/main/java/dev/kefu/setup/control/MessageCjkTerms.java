package dev.kefu.setup.control;

import dev.kefu.shared.CjkTerms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 19: the history search finds Chinese, Japanese and Korean words through an index.
 * Adds {@code message.cjk_terms} ({@link CjkTerms}), fills it for the messages already stored, and
 * on MariaDB then builds its FULLTEXT index (built once over the filled column, which is quicker
 * than keeping the index up to date row by row). In Java, since the pairs of characters are not
 * something SQL computes.
 *
 * <p>The messages are read in pages in the order of their ids, each page written in its own
 * transaction, so that a large history neither holds one long transaction nor is read twice. On a
 * million messages this takes a few minutes; the log tells how far it has come.
 */
public final class MessageCjkTerms implements JavaMigration {

  private static final Logger LOG = Logger.getLogger(MessageCjkTerms.class.getName());
  private static final int PAGE = 2_000;

  private final boolean mariaDb;

  public MessageCjkTerms(boolean mariaDb) {
    this.mariaDb = mariaDb;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("19");
  }

  @Override
  public String getDescription() {
    return "message cjk terms";
  }

  @Override
  public Integer getChecksum() {
    return 19_001;
  }

  /** Each page commits by itself (see the class). */
  @Override
  public boolean canExecuteInTransaction() {
    return false;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE message ADD COLUMN cjk_terms TEXT");
      connection.setAutoCommit(false);
      long filled = fill(connection);
      connection.setAutoCommit(true);
      LOG.info(() -> "history search: " + filled + " stored messages indexed for their CJK words");
      if (mariaDb) {
        statement.execute("CREATE FULLTEXT INDEX ix_message_cjk_terms ON message (cjk_terms)");
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Fills the column of every message with such words; answers how many. */
  private static long fill(Connection connection) throws SQLException {
    long filled = 0;
    long read = 0;
    String after = "";
    try (PreparedStatement page =
            connection.prepareStatement(
                "SELECT id, body FROM message WHERE id > ? ORDER BY id LIMIT " + PAGE);
        PreparedStatement update =
            connection.prepareStatement("UPDATE message SET cjk_terms = ? WHERE id = ?")) {
      while (true) {
        page.setString(1, after);
        int rows = 0;
        int batched = 0;
        try (ResultSet messages = page.executeQuery()) {
          while (messages.next()) {
            rows++;
            after = messages.getString(1);
            String terms = CjkTerms.of(messages.getString(2));
            if (terms != null) {
              update.setString(1, terms);
              update.setString(2, after);
              update.addBatch();
              batched++;
            }
          }
        }
        if (batched > 0) {
          update.executeBatch();
        }
        connection.commit();
        filled += batched;
        read += rows;
        if (rows < PAGE) {
          return filled;
        }
        if (read % 100_000 == 0) {
          long soFar = read;
          LOG.info(() -> "history search: " + soFar + " stored messages read for their CJK words");
        }
      }
    }
  }
}
