package dev.kefu.auth.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.auth.control.Backoff;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInGuardTest {

  static final Backoff BACKOFF = new Backoff(10, Duration.ofSeconds(60), Duration.ofHours(1));
  static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

  @Test
  void tenFailuresInARowLockTheUserNameForTheFirstLock() {
    SignInGuard guard = new SignInGuard("alice", T0);
    for (int i = 1; i < 10; i++) {
      assertThat(guard.countAttempt(T0.plusSeconds(i), BACKOFF)).isEmpty();
      assertThat(guard.lockedAt(T0.plusSeconds(i))).isFalse();
    }
    Instant tenth = T0.plusSeconds(10);
    assertThat(guard.countAttempt(tenth, BACKOFF)).contains(Duration.ofSeconds(60));
    assertThat(guard.failures()).isEqualTo(10);
    assertThat(guard.lockedAt(tenth.plusSeconds(59))).isTrue();
    assertThat(guard.lockedAt(tenth.plusSeconds(60))).isFalse();
  }

  @Test
  void eachFailureAfterALockDoublesTheNextOne() {
    SignInGuard guard = new SignInGuard("alice", T0);
    for (int i = 0; i < 10; i++) {
      guard.countAttempt(T0, BACKOFF);
    }
    Instant afterFirstLock = T0.plusSeconds(60);
    assertThat(guard.countAttempt(afterFirstLock, BACKOFF)).contains(Duration.ofSeconds(120));
    assertThat(guard.lockedAt(afterFirstLock.plusSeconds(119))).isTrue();
    Instant afterSecondLock = afterFirstLock.plusSeconds(120);
    assertThat(guard.countAttempt(afterSecondLock, BACKOFF)).contains(Duration.ofSeconds(240));
  }

  @Test
  void anAttemptWhileLockedIsNotCounted() {
    SignInGuard guard = new SignInGuard("alice", T0);
    for (int i = 0; i < 10; i++) {
      guard.countAttempt(T0, BACKOFF);
    }
    assertThatThrownBy(() -> guard.countAttempt(T0.plusSeconds(30), BACKOFF))
        .isInstanceOf(IllegalStateException.class);
    assertThat(guard.failures()).isEqualTo(10);
  }

  @Test
  void failuresAreForgottenAfterADayWithoutOne() {
    SignInGuard guard = new SignInGuard("alice", T0);
    for (int i = 0; i < 9; i++) {
      guard.countAttempt(T0, BACKOFF);
    }
    Instant nextDay = T0.plus(SignInGuard.MEMORY).plusSeconds(1);
    assertThat(guard.countAttempt(nextDay, BACKOFF)).isEmpty();
    assertThat(guard.failures()).isEqualTo(1);
  }
}
