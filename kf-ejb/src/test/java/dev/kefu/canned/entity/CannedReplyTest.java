package dev.kefu.canned.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CannedReplyTest {

  private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

  @Test
  void aLeadingSlashIsNotPartOfTheShortcut() {
    CannedReply reply = new CannedReply("t-1", "a-1", " /ship ", "Shipped today.", NOW);
    assertThat(reply.shortcut()).isEqualTo("ship");
    assertThat(reply.isShared()).isFalse();
    assertThat(reply.scopeKey()).isEqualTo("a-1");
  }

  @Test
  void aReplyWithoutOwnerIsSharedByTheTenant() {
    CannedReply reply = new CannedReply("t-1", null, "你好", "您好！", NOW);
    assertThat(reply.isShared()).isTrue();
    assertThat(reply.scopeKey()).isEqualTo(CannedReply.SHARED);
    assertThat(reply.shortcut()).isEqualTo("你好");
  }

  @Test
  void shortcutsWithSpacesOrTooLongAreRefused() {
    assertThatThrownBy(() -> new CannedReply("t-1", null, "two words", "x", NOW))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> new CannedReply("t-1", null, "x".repeat(33), "x", NOW))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> new CannedReply("t-1", null, "/", "x", NOW))
        .isInstanceOf(RuleViolation.class);
  }

  @Test
  void anEmptyTextIsRefusedAndAChangeKeepsTheRules() {
    assertThatThrownBy(() -> new CannedReply("t-1", "a-1", "ok", "   ", NOW))
        .isInstanceOf(RuleViolation.class);
    CannedReply reply = new CannedReply("t-1", "a-1", "ok", "Fine.", NOW);
    assertThatThrownBy(() -> reply.change("ok", "x".repeat(4001), NOW.plusSeconds(1)))
        .isInstanceOf(RuleViolation.class);
    reply.change("/okay", "  All fine.  ", NOW.plusSeconds(2));
    assertThat(reply.shortcut()).isEqualTo("okay");
    assertThat(reply.text()).isEqualTo("All fine.");
    assertThat(reply.updatedAt()).isEqualTo(NOW.plusSeconds(2));
  }
}
