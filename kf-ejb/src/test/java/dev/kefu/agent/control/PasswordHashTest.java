package dev.kefu.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void matchesOnlyTheRightPassword() {
    String hash = PasswordHash.of("correct horse".toCharArray(), 1000);
    assertThat(PasswordHash.matches("correct horse".toCharArray(), hash)).isTrue();
    assertThat(PasswordHash.matches("correct horsE".toCharArray(), hash)).isFalse();
    assertThat(PasswordHash.matches("".toCharArray(), hash)).isFalse();
  }

  @Test
  void saltsEveryHashAndNeverStoresThePassword() {
    String a = PasswordHash.of("same".toCharArray(), 1000);
    String b = PasswordHash.of("same".toCharArray(), 1000);
    assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$1000$").doesNotContain("same");
  }

  @Test
  void usesAStrongWorkFactorByDefault() {
    assertThat(PasswordHash.of("x".toCharArray()))
        .startsWith("pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$");
    assertThat(PasswordHash.ITERATIONS).isGreaterThanOrEqualTo(200_000);
  }

  @Test
  void aLowerWorkFactorIsTakenOnlyAsAWholeNumberOfAtLeastTheLeast() {
    assertThat(PasswordHash.workFactor(null)).isEqualTo(PasswordHash.ITERATIONS);
    assertThat(PasswordHash.workFactor(" ")).isEqualTo(PasswordHash.ITERATIONS);
    assertThat(PasswordHash.workFactor("1000")).isEqualTo(1000);
    assertThat(PasswordHash.workFactor("600000")).isEqualTo(600_000);
    assertThat(PasswordHash.workFactor("999")).isEqualTo(PasswordHash.ITERATIONS);
    assertThat(PasswordHash.workFactor("-5")).isEqualTo(PasswordHash.ITERATIONS);
    assertThat(PasswordHash.workFactor("1e6")).isEqualTo(PasswordHash.ITERATIONS);
  }

  @Test
  void refusesMissingOrMalformedHashes() {
    assertThat(PasswordHash.matches("x".toCharArray(), null)).isFalse();
    assertThat(PasswordHash.matches("x".toCharArray(), "plain")).isFalse();
    assertThat(PasswordHash.matches("x".toCharArray(), "pbkdf2-sha256$x$y$z")).isFalse();
    assertThat(PasswordHash.matches("x".toCharArray(), "md5$1$AA$BB")).isFalse();
  }
}
