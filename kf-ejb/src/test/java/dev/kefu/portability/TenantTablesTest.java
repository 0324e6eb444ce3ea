package dev.kefu.portability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.portability.control.TenantTables;
import dev.kefu.setup.boundary.SchemaMigration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every table of the schema is either moved with a tenant or kept by the installation: a new table
 * that nobody placed would be left behind by an export without a word.
 */
class TenantTablesTest {

  @TempDir Path dir;

  @Test
  void everyTableIsMovedWithItsTenantOrKeptByTheInstallation() throws SQLException {
    String url = "jdbc:h2:file:" + dir.resolve("kefu") + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE";
    SchemaMigration.configure(false).dataSource(url, "sa", "").load().migrate();
    Set<String> tables = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet rs =
            c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (!table.startsWith("flyway")) {
          tables.add(table);
        }
      }
    }
    Set<String> placed =
        TenantTables.ORDER.stream().map(TenantTables.Table::name).collect(Collectors.toSet());
    assertThat(placed).doesNotContainAnyElementsOf(TenantTables.NOT_MOVED);
    Set<String> all = new TreeSet<>(placed);
    all.addAll(TenantTables.NOT_MOVED);
    assertThat(all).isEqualTo(tables);
  }
}
