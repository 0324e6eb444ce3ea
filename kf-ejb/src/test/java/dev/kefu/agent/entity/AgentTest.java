package dev.kefu.agent.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

  private final Agent agent = new Agent("t-1", "li.lei", "Li Lei", Set.of(Role.AGENT), NOW);
  private final CustomStatus lunch = new CustomStatus("t-1", "Lunch", false, NOW);

  @Test
  void aDisabledAgentIsOfflineAndCountsAsWithoutAConsoleEvenWhenOneSaysHello() {
    agent.changeStatus(AgentStatus.ONLINE);
    agent.connected();

    agent.disable(NOW);
    agent.connected();

    assertThat(agent.disabled()).isTrue();
    assertThat(agent.status()).isEqualTo(AgentStatus.OFFLINE);
    assertThat(agent.disconnectedAt()).contains(NOW);
  }

  @Test
  void enablingAgainLetsAConsoleCountAgain() {
    agent.disable(NOW);
    agent.enable();
    agent.connected();

    assertThat(agent.disabled()).isFalse();
    assertThat(agent.disconnectedAt()).isEmpty();
  }

  @Test
  void forbiddingCustomStatusesTakesThePersonOutOfOneAndRefusesTheNext() {
    agent.takeCustomStatus(lunch);

    agent.allowCustomStatus(false);

    assertThat(agent.status()).isEqualTo(AgentStatus.AWAY);
    assertThat(agent.customStatusId()).isEmpty();
    assertThatThrownBy(() -> agent.takeCustomStatus(lunch))
        .isInstanceOf(IllegalStateException.class);
  }
}
