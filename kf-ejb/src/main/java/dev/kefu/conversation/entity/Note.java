package dev.kefu.conversation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An internal note of staff on a conversation. Notes are an aggregate apart from {@link Message}:
 * they take no {@code seq}, so the visitor's sequence stays gapless, and nothing that serves the
 * visitor ever reads them. Stored once per {@code (conversation, clientMsgId)}, like a message.
 */
@Entity
@Table(name = "conversation_note")
public class Note extends ConversationEntry {

  @Column(name = "author_id")
  private String authorId;

  @Column(name = "author_name")
  private String authorName;

  protected Note() {}

  public Note(
      Conversation conversation,
      String clientMsgId,
      String authorId,
      String authorName,
      String text,
      Instant now) {
    super("n", conversation, clientMsgId, text, now);
    this.authorId = authorId;
    this.authorName = authorName;
  }

  public String authorId() {
    return authorId;
  }

  public String authorName() {
    return authorName;
  }
}
