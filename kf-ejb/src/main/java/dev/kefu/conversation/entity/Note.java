package dev.kefu.conversation.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.TenantId;

/**
 * An internal note of staff on a conversation. Notes are an aggregate apart from {@link Message}:
 * they take no {@code seq}, so the visitor's sequence stays gapless, and nothing that serves the
 * visitor ever reads them. Stored once per {@code (conversation, clientMsgId)}, like a message.
 */
@Entity
@Table(name = "conversation_note")
public class Note {

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "conversation_id", nullable = false)
  private String conversationId;

  @Column(name = "client_msg_id", nullable = false)
  private String clientMsgId;

  @Column(name = "author_id")
  private String authorId;

  @Column(name = "author_name")
  private String authorName;

  @Column(nullable = false)
  private String body;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Note() {}

  public Note(
      Conversation conversation,
      String clientMsgId,
      String authorId,
      String authorName,
      String text,
      Instant now) {
    this.id = PublicId.next("n");
    this.tenantId = conversation.tenantId();
    this.conversationId = conversation.id();
    this.clientMsgId = clientMsgId;
    this.authorId = authorId;
    this.authorName = authorName;
    this.body = text;
    this.createdAt = now;
  }

  public String id() {
    return id;
  }

  public String conversationId() {
    return conversationId;
  }

  public String clientMsgId() {
    return clientMsgId;
  }

  public String authorId() {
    return authorId;
  }

  public String authorName() {
    return authorName;
  }

  public String text() {
    return body;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
