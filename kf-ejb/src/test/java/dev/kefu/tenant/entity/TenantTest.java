package dev.kefu.tenant.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TenantTest {

  private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

  @Test
  void aSuspendedTenantKeepsTheTimeItWasFirstSuspendedUntilResumed() {
    Tenant tenant = new Tenant("Acme", NOW);
    assertThat(tenant.suspended()).isFalse();
    tenant.suspend(NOW.plusSeconds(60));
    tenant.suspend(NOW.plusSeconds(120));
    assertThat(tenant.suspendedAt()).contains(NOW.plusSeconds(60));
    tenant.resume();
    assertThat(tenant.suspended()).isFalse();
    assertThat(tenant.suspendedAt()).isEmpty();
  }

  @Test
  void aLimitIsNoneOrNotBelowZero() {
    Tenant tenant = new Tenant("Acme", NOW);
    assertThat(tenant.maxAgents()).isEmpty();
    tenant.limit(0, null);
    assertThat(tenant.maxAgents()).contains(0);
    assertThat(tenant.maxSites()).isEmpty();
    assertThatThrownBy(() -> tenant.limit(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThat(tenant.maxAgents()).as("a refused limit changes nothing").contains(0);
  }
}
