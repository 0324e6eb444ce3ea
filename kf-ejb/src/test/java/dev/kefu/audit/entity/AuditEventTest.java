package dev.kefu.audit.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEventTest {

  @Test
  void valuesLongerThanTheirColumnsAreCutNotRefused() {
    Actor typed = new Actor(null, "x".repeat(500), ActorType.ANONYMOUS, "::1", Source.LOCAL);
    AuditEvent event =
        new AuditEvent(typed, Action.SIGNIN_FAILURE, null, null, null, Instant.EPOCH);
    assertThat(event.actor()).hasSize(AuditEvent.MAX_ACTOR);
    assertThat(event.actorType()).isEqualTo("anonymous");
    assertThat(event.source()).isEqualTo("local");
    assertThat(event.tenantId()).isNull();
  }

  @Test
  void aCutNeverSplitsACharacter() {
    String name = "a".repeat(99) + "😀";
    assertThat(AuditEvent.clip(name, 100)).isEqualTo("a".repeat(99));
  }
}
