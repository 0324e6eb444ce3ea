package dev.kefu.history.boundary;

/** The orders the history can be read in; the newest first unless said otherwise. */
public enum HistorySort {
  TIME("c.created_at"),
  RATING("c.rating_score"),
  STATE("c.state");

  private final String column;

  HistorySort(String column) {
    this.column = column;
  }

  /** The column of the ORDER BY: a constant, never text from a request. */
  public String column() {
    return column;
  }
}
