package dev.kefu.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.setup.boundary.SchemaMigration;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Upgrades of the schema as an installation of any earlier version makes them: the migrations
 * applied one version at a time to a schema that holds a conversation with its messages, and from
 * every earlier version at once; each ends in exactly the schema a new installation gets (its
 * tables, columns and indexes) with the rows still there.
 */
final class SchemaUpgrades {

  /** A database of its own: its JDBC URL, user, password, and the migrations' table options. */
  record Database(String url, String user, String password, String tableOptions) {}

  private SchemaUpgrades() {}

  /** Every version of the migrations, oldest first ("1", "2", …). */
  static List<String> versions() {
    MigrationInfo[] all =
        SchemaMigration.configure(false)
            .dataSource("jdbc:h2:mem:versions;MODE=MariaDB;DATABASE_TO_LOWER=TRUE", "sa", "")
            .load()
            .info()
            .all();
    return Arrays.stream(all).map(m -> m.getVersion().getVersion()).toList();
  }

  /**
   * Version 1 with a conversation of two messages, then every later version one at a time; the rows
   * stay and the schema ends as {@code fresh}'s.
   */
  static void oneVersionAtATime(Database db, Database fresh) throws SQLException {
    List<String> versions = versions();
    MigrationsTest.migrateTo(db.url(), db.user(), db.password(), db.tableOptions(), "1");
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement()) {
      MigrationsTest.conversation(s, "1");
      s.execute(MigrationsTest.message("m-11", 1, "client-11", "你好, is my parcel on its way?"));
      s.execute(MigrationsTest.message("m-12", 2, "client-12", "请问新加坡的仓库还有货吗"));
    }
    for (String version : versions.subList(1, versions.size())) {
      assertThat(
              MigrationsTest.migrateTo(
                  db.url(), db.user(), db.password(), db.tableOptions(), version))
          .as("the migration to version %s", version)
          .isEqualTo(1);
    }
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery("SELECT COUNT(*) FROM message WHERE conversation_id = 'c-1'")) {
      rows.next();
      assertThat(rows.getInt(1)).as("the messages of version 1, still there").isEqualTo(2);
    }
    assertSameShape(shape(db), shapeOfNew(fresh), "upgraded one version at a time");
  }

  /** From each earlier version at once to the latest: each ends as a new installation's schema. */
  static void fromEveryVersion(Supplier<Database> databases, Database fresh) throws SQLException {
    Map<String, String> expected = shapeOfNew(fresh);
    List<String> versions = versions();
    for (String version : versions.subList(0, versions.size() - 1)) {
      Database db = databases.get();
      MigrationsTest.migrateTo(db.url(), db.user(), db.password(), db.tableOptions(), version);
      MigrationsTest.migrate(db.url(), db.user(), db.password(), db.tableOptions());
      assertSameShape(shape(db), expected, "upgraded from version " + version);
    }
  }

  /** The same tables, each with the same columns and indexes; the differences named if not. */
  static void assertSameShape(
      Map<String, String> actual, Map<String, String> expected, String what) {
    assertThat(actual.keySet()).as("%s: its tables", what).isEqualTo(expected.keySet());
    List<String> differences = new java.util.ArrayList<>();
    for (String table : expected.keySet()) {
      var have = new TreeSet<>(List.of(actual.get(table).split("; ")));
      var want = new TreeSet<>(List.of(expected.get(table).split("; ")));
      if (!have.equals(want)) {
        var missing = new TreeSet<>(want);
        missing.removeAll(have);
        var extra = new TreeSet<>(have);
        extra.removeAll(want);
        differences.add(table + ": missing " + missing + ", not in a new schema " + extra);
      }
    }
    assertThat(differences).as("%s: tables that differ from a new schema", what).isEmpty();
  }

  private static Map<String, String> shapeOfNew(Database fresh) throws SQLException {
    MigrationsTest.migrate(fresh.url(), fresh.user(), fresh.password(), fresh.tableOptions());
    return shape(fresh);
  }

  /**
   * The schema as the driver describes it: per table its columns (name, type, size, nullable) and
   * its indexes (name, unique, columns), Flyway's own history left out.
   */
  static Map<String, String> shape(Database db) throws SQLException {
    Map<String, String> shape = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      DatabaseMetaData meta = c.getMetaData();
      String catalog = c.getCatalog();
      String schema = c.getSchema();
      TreeSet<String> tables = new TreeSet<>();
      try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
          if (!table.startsWith("flyway")) {
            tables.add(table);
          }
        }
      }
      for (String table : tables) {
        TreeSet<String> parts = new TreeSet<>();
        try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
          while (rs.next()) {
            parts.add(
                "column "
                    + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)
                    + " "
                    + rs.getString("TYPE_NAME")
                    + "("
                    + rs.getInt("COLUMN_SIZE")
                    + ") "
                    + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls
                        ? "not null"
                        : "null"));
          }
        }
        Map<String, TreeMap<Integer, String>> indexes = new TreeMap<>();
        Map<String, Boolean> unique = new TreeMap<>();
        try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
          while (rs.next()) {
            String name = rs.getString("INDEX_NAME");
            if (name == null) {
              continue;
            }
            name = name.toLowerCase(Locale.ROOT);
            indexes
                .computeIfAbsent(name, n -> new TreeMap<>())
                .put(
                    rs.getInt("ORDINAL_POSITION"),
                    rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            unique.put(name, !rs.getBoolean("NON_UNIQUE"));
          }
        }
        // Kefu names its indexes (ix_, uk_); the database names those of keys, by creation order,
        // and H2 makes one for a foreign key only when no index of the same columns exists yet.
        java.util.Set<String> named = new TreeSet<>();
        indexes.forEach(
            (name, columns) -> {
              if (name.startsWith("ix_") || name.startsWith("uk_")) {
                named.add(String.join(",", columns.values()));
              }
            });
        indexes.forEach(
            (name, columns) -> {
              boolean ours = name.startsWith("ix_") || name.startsWith("uk_");
              String list = String.join(",", columns.values());
              if (ours || !named.contains(list)) {
                parts.add(
                    (unique.get(name) ? "unique " : "index ")
                        + (ours ? name.replaceFirst("_index_[0-9a-z]+$", "") : "(key)")
                        + " "
                        + list);
              }
            });
        shape.put(table, String.join("; ", parts));
      }
    }
    return shape;
  }
}
