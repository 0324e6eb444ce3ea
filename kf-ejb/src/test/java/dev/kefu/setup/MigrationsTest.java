package dev.kefu.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.setup.boundary.SchemaMigration;
import dev.kefu.shared.CjkTerms;
import dev.kefu.shared.DataCipher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations build the schema on the embedded H2 (MariaDB mode), and the schema itself refuses
 * what the domain promises never to store; {@link MigrationsOnMariaDbIT} does the same on a real
 * MariaDB.
 */
class MigrationsTest {

  @TempDir Path dir;

  @Test
  void migrateOnH2InMariaDbMode() throws SQLException {
    String url =
        "jdbc:h2:file:"
            + dir.resolve("kefu")
            + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    migrateTo(url, "sa", "", "", "18");
    storeMessagesBeforeV19(url, "sa", "");
    migrate(url, "sa", "", "");
    assertCjkTermsOfStoredMessages(url, "sa", "");
    assertSchemaGuardsMessages(url, "sa", "");
    assertAuditSchema(url, "sa", "");
    assertSealedValuesFit(url, "sa", "");
    assertThat(Files.exists(dir.resolve("kefu.mv.db"))).isTrue();
  }

  static int migrate(String url, String user, String password, String tableOptions) {
    return migrateTo(url, user, password, tableOptions, "latest");
  }

  static int migrateTo(
      String url, String user, String password, String tableOptions, String version) {
    return SchemaMigration.configure(!tableOptions.isEmpty())
        .target(version)
        .dataSource(url, user, password)
        .placeholders(
            Map.of(
                "table_options",
                tableOptions,
                "mariadb_only",
                SchemaMigration.placeholders(!tableOptions.isEmpty()).get("mariadb_only")))
        .load()
        .migrate()
        .migrationsExecuted;
  }

  static void assertSchemaGuardsMessages(String url, String user, String password)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      conversation(s, "1");
      s.execute(message("m-1", 1, "client-1", "你好 😀"));
      assertThatThrownBy(() -> s.execute(message("m-2", 1, "client-2", "same seq")))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> s.execute(message("m-3", 2, "client-1", "same client id")))
          .isInstanceOf(SQLException.class);
      try (var rs = s.executeQuery("SELECT body FROM message WHERE id = 'm-1'")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("你好 😀");
      }
    }
  }

  /** A tenant {@code t-n} with its department, site, visitor and conversation {@code c-n}. */
  static void conversation(Statement s, String n) throws SQLException {
    s.execute(
        "INSERT INTO tenant (id, name, created_at) VALUES ('t-%s', 'T', CURRENT_TIMESTAMP)"
            .formatted(n));
    s.execute(
        ("INSERT INTO department (id, tenant_id, name, created_at)"
                + " VALUES ('d-%1$s', 't-%1$s', 'D', CURRENT_TIMESTAMP)")
            .formatted(n));
    s.execute(
        ("INSERT INTO site (id, tenant_id, site_key, name, allowed_origins, greeting, secret,"
                + " enabled, default_department_id, created_at) VALUES ('s-%1$s', 't-%1$s', 'k%1$s',"
                + " 'S', '', '', 'x', TRUE, 'd-%1$s', CURRENT_TIMESTAMP)")
            .formatted(n));
    s.execute(
        ("INSERT INTO visitor (id, tenant_id, site_id, visits, created_at, last_seen_at)"
                + " VALUES ('v-%1$s', 't-%1$s', 's-%1$s', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
            .formatted(n));
    s.execute(
        ("INSERT INTO conversation (id, tenant_id, site_id, department_id, visitor_id, state,"
                + " last_seq, visitor_read_seq, agent_read_seq, created_at) VALUES ('c-%1$s',"
                + " 't-%1$s', 's-%1$s', 'd-%1$s', 'v-%1$s', 'QUEUED', 0, 0, 0, CURRENT_TIMESTAMP)")
            .formatted(n));
  }

  /** Messages of an installation at version 18, before the history indexed CJK words. */
  static void storeMessagesBeforeV19(String url, String user, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      conversation(s, "9");
      s.execute(
          message("m-91", 1, "client-91", "请问新加坡的仓库还有货吗")
              .replace("'c-1'", "'c-9'")
              .replace("'t-1'", "'t-9'"));
      s.execute(
          message("m-92", 2, "client-92", "Do you ship to Singapore?")
              .replace("'c-1'", "'c-9'")
              .replace("'t-1'", "'t-9'"));
    }
  }

  /** Version 19 gave the stored messages their index terms. */
  static void assertCjkTermsOfStoredMessages(String url, String user, String password)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT id, cjk_terms FROM message WHERE id IN ('m-91', 'm-92') ORDER BY id")) {
      rs.next();
      assertThat(rs.getString(2)).isEqualTo(CjkTerms.of("请问新加坡的仓库还有货吗"));
      rs.next();
      assertThat(rs.getString(2)).isNull();
    }
  }

  /**
   * Audit events need no tenant and take long details; the sign-in guard's upsert, the one
   * statement written for both databases by hand, runs on both.
   */
  static void assertAuditSchema(String url, String user, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      String detail = "{\"before\":\"" + "源".repeat(30_000) + "\"}";
      s.execute(
          "INSERT INTO audit_event (id, tenant_id, at, actor, actor_type, action, ip, source, detail)"
              + " VALUES ('e-1', NULL, CURRENT_TIMESTAMP, 'nobody', 'anonymous', 'signin.failure',"
              + " '2001:db8::1', 'local', '"
              + detail
              + "')");
      try (var rs = s.executeQuery("SELECT detail FROM audit_event WHERE id = 'e-1'")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(detail);
      }
      for (int attempt = 0; attempt < 2; attempt++) {
        s.execute(
            "INSERT INTO signin_guard (user_name, failures, last_failure_at)"
                + " VALUES ('alice', 0, CURRENT_TIMESTAMP) ON DUPLICATE KEY UPDATE user_name = user_name");
      }
      try (var rs = s.executeQuery("SELECT COUNT(*) FROM signin_guard")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  /**
   * The longest name and contact a visitor may give (200 and 320 characters of four UTF-8 bytes
   * each), sealed, fit their columns; so do the keyed hashes of the lookups.
   */
  static void assertSealedValuesFit(String url, String user, String password) throws SQLException {
    DataCipher cipher = new DataCipher(List.of(DataCipher.newKey()));
    String name = cipher.seal("😀".repeat(100));
    String contact = cipher.seal("😀".repeat(160));
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement visitor =
            c.prepareStatement(
                "INSERT INTO visitor (id, tenant_id, site_id, visits, created_at, last_seen_at,"
                    + " external_user_id, external_user_index, name, email, email_index)"
                    + " VALUES ('v-sealed', 't-1', 's-1', 1, CURRENT_TIMESTAMP,"
                    + " CURRENT_TIMESTAMP, ?, ?, ?, ?, ?)");
        PreparedStatement left =
            c.prepareStatement(
                "INSERT INTO offline_message (id, tenant_id, site_id, department_id, visitor_id,"
                    + " client_msg_id, name, contact, body, created_at)"
                    + " VALUES ('o-sealed', 't-1', 's-1', 'd-1', 'v-sealed', 'c', ?, ?, 'b',"
                    + " CURRENT_TIMESTAMP)")) {
      visitor.setString(1, name);
      visitor.setString(2, cipher.index("user"));
      visitor.setString(3, name);
      visitor.setString(4, contact);
      visitor.setString(5, cipher.index("ada@example.com"));
      visitor.executeUpdate();
      left.setString(1, name);
      left.setString(2, contact);
      left.executeUpdate();
      try (var rs =
          c.createStatement()
              .executeQuery("SELECT name, email FROM visitor WHERE id = 'v-sealed'")) {
        rs.next();
        assertThat(cipher.open(rs.getString(1))).isEqualTo("😀".repeat(100));
        assertThat(cipher.open(rs.getString(2))).isEqualTo("😀".repeat(160));
      }
    }
  }

  static String message(String id, long seq, String clientMsgId, String body) {
    return "INSERT INTO message (id, tenant_id, conversation_id, seq, client_msg_id, sender_type, body, created_at)"
        + " VALUES ('"
        + id
        + "', 't-1', 'c-1', "
        + seq
        + ", '"
        + clientMsgId
        + "', 'VISITOR', '"
        + body
        + "', CURRENT_TIMESTAMP)";
  }
}
