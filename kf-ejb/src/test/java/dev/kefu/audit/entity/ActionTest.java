package dev.kefu.audit.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActionTest {

  @Test
  void theConsoleOffersEveryRecordedActionOnceAndSorted() {
    assertThat(Action.known())
        .contains(Action.SIGNIN_FAILURE, Action.TENANT_SUSPENDED, Action.TENANT_LIMITS_CHANGED)
        .doesNotHaveDuplicates()
        .isSorted()
        .allMatch(name -> name.matches("[a-z_]+\\.[a-z_]+"));
  }
}
