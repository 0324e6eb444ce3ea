package dev.kefu.auth.control;

import dev.kefu.audit.boundary.RetentionDue;
import dev.kefu.auth.entity.SignInGuard;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Text;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Locks a user name after repeated failed sign-ins, with a back-off that doubles with each further
 * failure ({@code kf.signin.max-failures}, {@code kf.signin.lock-seconds}, {@code
 * kf.signin.max-lock-seconds}). Each step is a transaction of its own, committed before the
 * password is checked, so the count holds across nodes and survives the sign-in's failure.
 */
@Stateless
public class SignInThrottle {

  private static final Logger LOG = Logger.getLogger(SignInThrottle.class.getName());

  /** What the throttle says about one attempt. */
  public record Attempt(boolean refused, int failures, Optional<Duration> lockIfWrong) {}

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;

  @Inject
  @ConfigProperty(name = "kf.signin.max-failures", defaultValue = "10")
  private int maxFailures;

  @Inject
  @ConfigProperty(name = "kf.signin.lock-seconds", defaultValue = "60")
  private long lockSeconds;

  @Inject
  @ConfigProperty(name = "kf.signin.max-lock-seconds", defaultValue = "3600")
  private long maxLockSeconds;

  private Backoff backoff;

  @PostConstruct
  void configure() {
    backoff =
        new Backoff(
            maxFailures, Duration.ofSeconds(lockSeconds), Duration.ofSeconds(maxLockSeconds));
  }

  /** The key of a user name as typed: trimmed, lower case, at most 100 characters. */
  public static String key(String typed) {
    String trimmed = typed == null ? "" : typed.trim().toLowerCase(Locale.ROOT);
    return Text.clip(trimmed, SignInGuard.MAX_USER_NAME);
  }

  /**
   * Refuses the attempt while the user name is locked; otherwise counts it as failed until {@link
   * #succeeded} says otherwise, and answers the lock that starts if its password is wrong.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Attempt reserve(String key) {
    Instant now = clock.now();
    SignInGuard guard = lockedGuard(key, now);
    if (guard.lockedAt(now)) {
      return new Attempt(true, guard.failures(), Optional.empty());
    }
    Optional<Duration> lock = guard.countAttempt(now, backoff);
    return new Attempt(false, guard.failures(), lock);
  }

  /**
   * The user name's row, made if need be, then locked: attempts at the same moment, on any node,
   * take turns. A successful sign-in at the same moment may delete the row between the two steps
   * (its {@link #succeeded}); then it is made again.
   */
  private SignInGuard lockedGuard(String key, Instant now) {
    for (int attempt = 1; ; attempt++) {
      em.createNativeQuery(
              "INSERT INTO signin_guard (user_name, failures, last_failure_at) VALUES (?1, 0, ?2)"
                  + " ON DUPLICATE KEY UPDATE user_name = user_name")
          .setParameter(1, key)
          .setParameter(2, now)
          .executeUpdate();
      SignInGuard guard = em.find(SignInGuard.class, key, LockModeType.PESSIMISTIC_WRITE);
      if (guard != null) {
        return guard;
      }
      if (attempt == 3) {
        throw new IllegalStateException("the sign-in guard of a user name kept vanishing");
      }
    }
  }

  /** The attempt proved its password: the user name starts again with no failures. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void succeeded(String key) {
    em.createQuery("delete from SignInGuard g where g.userName = :key")
        .setParameter("key", key)
        .executeUpdate();
  }

  /**
   * With the daily retention run, forgets user names with no failure for a day that are not locked.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void forgetQuiet(@Observes RetentionDue due) {
    Instant now = due.now();
    int forgotten =
        em.createQuery(
                "delete from SignInGuard g where g.lastFailureAt < :quiet"
                    + " and (g.lockedUntil is null or g.lockedUntil < :now)")
            .setParameter("quiet", now.minus(SignInGuard.MEMORY))
            .setParameter("now", now)
            .executeUpdate();
    if (forgotten > 0) {
      LOG.fine(() -> "forgot the failed sign-ins of " + forgotten + " quiet user names");
    }
  }
}
