package dev.kefu.protection.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BlockTest {

  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  @Test
  void aBlockWithAnEndRefusesUntilItAndNotAfter() {
    Block block =
        Block.ofRange(
            "t-1", AddressRange.parse("203.0.113.0/24"), " spam ", NOW.plusSeconds(60), "a-1", NOW);
    assertThat(block.inForce(NOW.plusSeconds(59))).isTrue();
    assertThat(block.inForce(NOW.plusSeconds(60))).isFalse();
    assertThat(block.reason()).contains("spam");
    assertThat(block.cidr()).isEqualTo("203.0.113.0/24");
  }

  @Test
  void aBlockWithoutAnEndRefusesForEver() {
    Block block = Block.ofVisitor("t-1", "v-1", "  ", null, "a-1", NOW);
    assertThat(block.inForce(NOW.plus(Duration.ofDays(3650)))).isTrue();
    assertThat(block.reason()).isEmpty();
  }

  @Test
  void anEndInThePastOrAnOverlongReasonIsRefused() {
    assertThatThrownBy(() -> Block.ofVisitor("t-1", "v-1", null, NOW, "a-1", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expiry");
    assertThatThrownBy(() -> Block.ofVisitor("t-1", "v-1", "x".repeat(501), null, "a-1", NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
