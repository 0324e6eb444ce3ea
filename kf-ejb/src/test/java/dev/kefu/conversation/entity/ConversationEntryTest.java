package dev.kefu.conversation.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConversationEntryTest {

  private final Conversation conversation = new Conversation("t", "s", "d", "v", Instant.EPOCH);

  @Test
  void aMessageIsWrittenInItsConversationAndTakesTheNextSeq() {
    Instant now = Instant.parse("2026-01-02T03:04:05Z");
    Message message =
        new Message(conversation, "c-1", SenderType.AGENT, "a-1", "Ann", "hello", now);
    assertThat(message.id()).startsWith("m-");
    assertThat(message.conversationId()).isEqualTo(conversation.id());
    assertThat(message.clientMsgId()).isEqualTo("c-1");
    assertThat(message.text()).isEqualTo("hello");
    assertThat(message.createdAt()).isEqualTo(now);
    assertThat(message.seq()).isEqualTo(1);
    assertThat(message.senderType()).isEqualTo(SenderType.AGENT);
    assertThat(message.senderId()).isEqualTo("a-1");
    assertThat(message.senderName()).isEqualTo("Ann");
    assertThat(message.file()).isNull();
  }

  @Test
  void aNoteIsWrittenInItsConversationAndTakesNoSeq() {
    Instant now = Instant.parse("2026-01-02T03:04:05Z");
    Note note = new Note(conversation, "c-2", "a-1", "Ann", "for staff", now);
    assertThat(note.id()).startsWith("n-");
    assertThat(note.conversationId()).isEqualTo(conversation.id());
    assertThat(note.clientMsgId()).isEqualTo("c-2");
    assertThat(note.text()).isEqualTo("for staff");
    assertThat(note.createdAt()).isEqualTo(now);
    assertThat(note.authorId()).isEqualTo("a-1");
    assertThat(note.authorName()).isEqualTo("Ann");
    assertThat(conversation.lastSeq()).isZero();
  }
}
