package dev.kefu.health.control;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A fault that only a restart of the node cures, as recognised in a failure that reached Kefu's
 * code however deeply the platform wrapped it (EJB, JPA, Hibernate, the connection pool).
 *
 * <ul>
 *   <li>{@link #OUT_OF_MEMORY}: the heap ran out. Whatever was being done at that moment, in any
 *       thread, may have been left half done, and the embedded database may have closed itself.
 *   <li>{@link #EMBEDDED_DATABASE_CLOSED}: the embedded H2 database closed under the running node
 *       (after running out of memory or failing to write its file). H2 2.2 then answers every
 *       statement on the pool's connections with error 90098 ("The database has been closed") or
 *       90121 ("Database is already closed"), as a {@code JdbcSQLNonTransientConnectionException}
 *       whose SQL state is the same number; the pool keeps handing out those connections, so
 *       nothing recovers until the process restarts. MariaDB's error codes are four digits, so a
 *       MariaDB installation never matches.
 * </ul>
 */
public enum FatalFault {
  OUT_OF_MEMORY("out of memory"),
  EMBEDDED_DATABASE_CLOSED("embedded database closed");

  /** H2's {@code ErrorCode.DATABASE_IS_CLOSED}. */
  static final int H2_DATABASE_IS_CLOSED = 90098;

  /** H2's {@code ErrorCode.DATABASE_CALLED_AT_SHUTDOWN}. */
  static final int H2_DATABASE_ALREADY_CLOSED = 90121;

  private static final int DEEPEST = 64;

  private final String reason;

  FatalFault(String reason) {
    this.reason = reason;
  }

  /** What health checks and the log say: short, and naming nothing internal. */
  public String reason() {
    return reason;
  }

  /** The fatal fault that this failure, or anything that caused it, shows; with its evidence. */
  public static Optional<Found> in(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable current = failure;
    while (current != null && seen.size() < DEEPEST && seen.put(current, true) == null) {
      if (current instanceof OutOfMemoryError) {
        return Optional.of(new Found(OUT_OF_MEMORY, current));
      }
      if (current instanceof SQLException sql) {
        for (SQLException next = sql;
            next != null && seen.size() < DEEPEST;
            next = next.getNextException()) {
          seen.put(next, true);
          if (isEmbeddedDatabaseClosed(next)) {
            return Optional.of(new Found(EMBEDDED_DATABASE_CLOSED, next));
          }
        }
      }
      // The pool's XA layer passes some on as text only: H2 ends its messages with [code-build].
      if (current.getMessage() != null && H2_CLOSED_IN_TEXT.matcher(current.getMessage()).find()) {
        return Optional.of(new Found(EMBEDDED_DATABASE_CLOSED, current));
      }
      current = current.getCause();
    }
    return Optional.empty();
  }

  private static final Pattern H2_CLOSED_IN_TEXT =
      Pattern.compile(
          "\\[(" + H2_DATABASE_IS_CLOSED + "|" + H2_DATABASE_ALREADY_CLOSED + ")-\\d+]");

  private static boolean isEmbeddedDatabaseClosed(SQLException e) {
    int code = e.getErrorCode();
    return (code == H2_DATABASE_IS_CLOSED || code == H2_DATABASE_ALREADY_CLOSED)
        && String.valueOf(code).equals(e.getSQLState());
  }

  /** A fatal fault and the throwable in the chain that showed it. */
  public record Found(FatalFault fault, Throwable evidence) {}
}
