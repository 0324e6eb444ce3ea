package dev.kefu.conversation.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConversationTest {

  private final Conversation conversation = new Conversation("t", "s", "d", "v", Instant.EPOCH);

  @Test
  void seqStartsAtOneAndGrowsByOne() {
    assertThat(conversation.nextSeq()).isEqualTo(1);
    assertThat(conversation.nextSeq()).isEqualTo(2);
    Message message =
        new Message(conversation, "id", SenderType.VISITOR, "v", null, "hi", Instant.EPOCH);
    assertThat(message.seq()).isEqualTo(3);
    assertThat(conversation.lastSeq()).isEqualTo(3);
  }

  @Test
  void aClosedConversationTakesNoMessageAndNoAgent() {
    conversation.assignTo("a-1", Instant.EPOCH);
    conversation.close("agent", Instant.EPOCH);
    assertThat(conversation.isOpen()).isFalse();
    assertThatThrownBy(conversation::nextSeq).isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> conversation.assignTo("a-2", Instant.EPOCH))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> conversation.close("visitor", Instant.EPOCH))
        .isInstanceOf(RuleViolation.class);
  }

  @Test
  void aConversationNobodyTookIsMissedWhenItCloses() {
    conversation.close("visitor", Instant.EPOCH);
    assertThat(conversation.state()).isEqualTo(ConversationState.MISSED);
  }

  @Test
  void assignmentMovesItFromTheQueueToTheAgent() {
    assertThat(conversation.state()).isEqualTo(ConversationState.QUEUED);
    conversation.assignTo("a-1", Instant.EPOCH);
    assertThat(conversation.state()).isEqualTo(ConversationState.ASSIGNED);
    assertThat(conversation.isAssignedTo("a-1")).isTrue();
    assertThat(conversation.isAssignedTo("a-2")).isFalse();
    assertThatThrownBy(() -> conversation.assignTo("a-1", Instant.EPOCH))
        .isInstanceOf(RuleViolation.class);
  }

  @Test
  void theAgentsReadMarkNeverGoesBackOrPastTheLastMessage() {
    conversation.nextSeq();
    conversation.nextSeq();
    conversation.readBy(SenderType.AGENT, 1);
    assertThat(conversation.agentReadSeq()).isEqualTo(1);
    conversation.readBy(SenderType.AGENT, 9);
    assertThat(conversation.agentReadSeq()).isEqualTo(2);
    conversation.readBy(SenderType.AGENT, 1);
    assertThat(conversation.agentReadSeq()).isEqualTo(2);
    conversation.readBy(SenderType.VISITOR, 2);
    assertThat(conversation.agentReadSeq()).isEqualTo(2);
  }

  @Test
  void onlyAClosedConversationThatAnAgentHadIsRatedAndALaterRatingReplaces() {
    assertThatThrownBy(() -> conversation.rate(5, null, Instant.EPOCH))
        .as("still open")
        .isInstanceOf(RuleViolation.class);
    conversation.assignTo("a-1", Instant.EPOCH);
    conversation.close("agent", Instant.EPOCH);
    assertThatThrownBy(() -> conversation.rate(0, null, Instant.EPOCH))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> conversation.rate(6, null, Instant.EPOCH))
        .isInstanceOf(RuleViolation.class);
    conversation.rate(5, " Great ", Instant.EPOCH);
    assertThat(conversation.ratingScore()).isEqualTo(5);
    assertThat(conversation.ratingComment()).isEqualTo("Great");
    conversation.rate(3, "", Instant.EPOCH);
    assertThat(conversation.ratingScore()).isEqualTo(3);
    assertThat(conversation.ratingComment()).isNull();
  }

  @Test
  void aMissedConversationCannotBeRated() {
    conversation.close("visitor", Instant.EPOCH);
    assertThatThrownBy(() -> conversation.rate(4, null, Instant.EPOCH))
        .isInstanceOf(RuleViolation.class);
  }
}
