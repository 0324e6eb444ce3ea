package dev.kefu.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An API client with HTTP Basic signs in again with every request. Auditing each of those would
 * bury the log, so a successful one is audited at most once per {@link #WINDOW} per account on each
 * node; failures are always audited. Remembered in memory only: a restart audits the next one.
 */
@ApplicationScoped
public class QuietApiSignIns {

  public static final Duration WINDOW = Duration.ofMinutes(15);

  private final ConcurrentMap<String, Instant> lastAudited = new ConcurrentHashMap<>();

  /** Whether this successful API sign-in of the account is to be audited, noting it if so. */
  public boolean audit(String agentId, Instant now) {
    boolean[] due = {false};
    lastAudited.compute(
        agentId,
        (id, last) -> {
          if (last == null || !now.isBefore(last.plus(WINDOW))) {
            due[0] = true;
            return now;
          }
          return last;
        });
    return due[0];
  }

  /** After a failure, the next success is worth a line in the log again. */
  public void forget(String agentId) {
    lastAudited.remove(agentId);
  }
}
