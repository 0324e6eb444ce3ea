package dev.kefu.portability.control;

import dev.kefu.shared.RuleViolation;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table's columns as the database describes them, and how each value travels in an export: a
 * boolean, a whole number, or text (times as the database writes them, {@code 2026-12-05
 * 10:00:00.123456}, which every supported database reads back unchanged).
 */
public final class Columns {

  /** How a column's value is written and read. */
  public enum Kind {
    BOOLEAN,
    NUMBER,
    TEXT
  }

  private final String table;
  private final Map<String, Kind> kinds;
  private final List<String> key;

  private Columns(String table, Map<String, Kind> kinds, List<String> key) {
    this.table = table;
    this.kinds = kinds;
    this.key = key;
  }

  /** The columns of {@code table} (in the database's order) and its primary key. */
  public static Columns of(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String catalog = connection.getCatalog();
    String schema = connection.getSchema();
    Map<String, Kind> kinds = new LinkedHashMap<>();
    try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
      while (rs.next()) {
        kinds.put(
            rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), kind(rs.getInt("DATA_TYPE")));
      }
    }
    if (kinds.isEmpty()) {
      throw new IllegalStateException("no table " + table + " in the database");
    }
    Map<Short, String> keyParts = new java.util.TreeMap<>();
    try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
      while (rs.next()) {
        keyParts.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
      }
    }
    List<String> key = new ArrayList<>(keyParts.values());
    if (key.isEmpty()) {
      key.addAll(kinds.keySet());
    }
    return new Columns(table, kinds, key);
  }

  private static Kind kind(int sqlType) {
    return switch (sqlType) {
      case Types.BIT, Types.BOOLEAN -> Kind.BOOLEAN;
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.NUMBER;
      default -> Kind.TEXT;
    };
  }

  public List<String> names() {
    return List.copyOf(kinds.keySet());
  }

  public List<String> key() {
    return key;
  }

  public boolean has(String column) {
    return kinds.containsKey(column);
  }

  /** Adds the value of {@code column} in the current row of {@code rs} to {@code row}. */
  public void read(ResultSet rs, String column, JsonObjectBuilder row) throws SQLException {
    switch (kinds.get(column)) {
      case BOOLEAN -> {
        boolean value = rs.getBoolean(column);
        row.add(column, rs.wasNull() ? JsonValue.NULL : value ? JsonValue.TRUE : JsonValue.FALSE);
      }
      case NUMBER -> {
        long value = rs.getLong(column);
        if (rs.wasNull()) {
          row.addNull(column);
        } else {
          row.add(column, value);
        }
      }
      case TEXT -> {
        String value = rs.getString(column);
        if (value == null) {
          row.addNull(column);
        } else {
          row.add(column, value);
        }
      }
    }
  }

  /** Sets parameter {@code index} of {@code insert} to {@code value} for {@code column}. */
  public void write(PreparedStatement insert, int index, String column, JsonValue value)
      throws SQLException {
    Kind kind = kinds.get(column);
    if (kind == null) {
      throw new RuleViolation(
          "import_invalid",
          "column " + table + "." + column + " is not in this installation's schema");
    }
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      insert.setNull(
          index,
          switch (kind) {
            case BOOLEAN -> Types.BOOLEAN;
            case NUMBER -> Types.BIGINT;
            case TEXT -> Types.VARCHAR;
          });
      return;
    }
    try {
      switch (kind) {
        case BOOLEAN -> insert.setBoolean(index, value.equals(JsonValue.TRUE));
        case NUMBER -> insert.setLong(index, ((JsonNumber) value).longValueExact());
        case TEXT -> insert.setString(index, ((JsonString) value).getString());
      }
    } catch (ClassCastException | ArithmeticException wrong) {
      throw new RuleViolation(
          "import_invalid", "a value of the wrong kind for " + table + "." + column);
    }
  }
}
