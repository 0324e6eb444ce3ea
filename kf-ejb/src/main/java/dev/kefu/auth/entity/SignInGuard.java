package dev.kefu.auth.entity;

import dev.kefu.auth.control.Backoff;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The failed sign-ins in a row of one user name, and until when it is locked. Kept per user name as
 * typed (trimmed, lower case), whether or not it names an account, so that the lockout reveals
 * nothing about which accounts exist.
 *
 * <p>Every attempt is counted as a failure before its password is checked, and a successful one
 * then removes the guard. So attempts made at the same moment cannot slip past the limit while
 * their passwords are being checked. Failures are forgotten after {@link #MEMORY} without one.
 */
@Entity
@Table(name = "signin_guard")
public class SignInGuard {

  public static final int MAX_USER_NAME = 100;
  public static final Duration MEMORY = Duration.ofHours(24);

  @Id
  @Column(name = "user_name")
  private String userName;

  @Column(nullable = false)
  private int failures;

  @Column(name = "last_failure_at", nullable = false)
  private Instant lastFailureAt;

  @Column(name = "locked_until")
  private Instant lockedUntil;

  protected SignInGuard() {}

  public SignInGuard(String userName, Instant now) {
    this.userName = userName;
    this.failures = 0;
    this.lastFailureAt = now;
  }

  public boolean lockedAt(Instant now) {
    return lockedUntil != null && now.isBefore(lockedUntil);
  }

  /**
   * Counts an attempt that has not yet proved its password, and answers the lock it starts if it
   * turns out wrong. The caller refuses attempts while {@link #lockedAt locked} and never counts
   * them.
   */
  public Optional<Duration> countAttempt(Instant now, Backoff backoff) {
    if (lockedAt(now)) {
      throw new IllegalStateException("an attempt on a locked user name is refused, not counted");
    }
    if (lastFailureAt.plus(MEMORY).isBefore(now)) {
      failures = 0;
    }
    failures++;
    lastFailureAt = now;
    Optional<Duration> lock = backoff.lockAfter(failures);
    lockedUntil = lock.map(now::plus).orElse(null);
    return lock;
  }

  public String userName() {
    return userName;
  }

  public int failures() {
    return failures;
  }

  public Optional<Instant> lockedUntil() {
    return Optional.ofNullable(lockedUntil);
  }
}
