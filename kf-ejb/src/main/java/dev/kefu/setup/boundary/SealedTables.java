package dev.kefu.setup.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Asks the components which of their tables hold encrypted columns ({@code @Convert(converter =
 * Sealed.class)}), so that {@link Reencryption} can bring them under the current key. Fired by
 * setup; each component that owns such a table observes it and adds its tables, since only the
 * owner knows its columns.
 */
public final class SealedTables {

  /**
   * An encrypted column, and the column of its keyed hash when it is looked up by equality ({@code
   * null} when not), with how the value is normalised before it is hashed.
   */
  public record Column(String name, String indexColumn, UnaryOperator<String> normalise) {

    /** A column that is only read, never looked up. */
    public static Column of(String name) {
      return new Column(name, null, null);
    }

    /** A column whose normalised value is looked up by its hash in {@code indexColumn}. */
    public static Column indexed(String name, String indexColumn, UnaryOperator<String> normalise) {
      return new Column(name, indexColumn, normalise);
    }
  }

  /** A table with its (string) primary key {@code id} and its encrypted columns. */
  public record Table(String name, List<Column> columns) {
    public Table {
      columns = List.copyOf(columns);
    }
  }

  private final List<Table> tables = new ArrayList<>();

  /** Adds a table with these encrypted columns. */
  public void add(String table, Column... columns) {
    tables.add(new Table(table, List.of(columns)));
  }

  /** The tables added so far. */
  public List<Table> tables() {
    return List.copyOf(tables);
  }
}
