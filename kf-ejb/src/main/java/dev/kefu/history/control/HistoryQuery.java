package dev.kefu.history.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a history search, put together from fixed fragments: text from a request only
 * ever becomes a parameter ({@code ?1}, {@code ?2} …), never part of the SQL.
 */
public final class HistoryQuery {

  private final StringBuilder joins = new StringBuilder();
  private final StringBuilder where = new StringBuilder();
  private final List<Object> parameters = new ArrayList<>();

  /** Adds {@code AND fragment}, each {@code ?} in it bound to the next of {@code values}. */
  public HistoryQuery and(String fragment, Object... values) {
    where.append(where.length() == 0 ? " WHERE " : " AND ").append(numbered(fragment, values));
    return this;
  }

  /**
   * Adds a {@code JOIN …} after the FROM, its parameters numbered like the rest (the numbers say
   * which value is which, wherever the fragment stands).
   */
  public HistoryQuery join(String fragment, Object... values) {
    joins.append(' ').append(numbered(fragment, values));
    return this;
  }

  private String numbered(String fragment, Object... values) {
    StringBuilder numbered = new StringBuilder();
    int next = 0;
    for (int i = 0; i < fragment.length(); i++) {
      char c = fragment.charAt(i);
      if (c == '?') {
        parameters.add(values[next++]);
        numbered.append('?').append(parameters.size());
      } else {
        numbered.append(c);
      }
    }
    if (next != values.length) {
      throw new IllegalArgumentException("a value for each ? of " + fragment);
    }
    return numbered.toString();
  }

  /** {@code (?, ?, …)} for a list of values, as an IN list; never empty. */
  public static String list(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("an IN list of no values");
    }
    return "(" + "?, ".repeat(size - 1) + "?)";
  }

  /** The joins, to put right after {@code FROM conversation c}. */
  public String joins() {
    return joins.toString();
  }

  public String where() {
    return where.toString();
  }

  public List<Object> parameters() {
    return List.copyOf(parameters);
  }

  /** The number the next parameter would get, for a LIMIT after the WHERE. */
  public int nextParameter() {
    return parameters.size() + 1;
  }
}
