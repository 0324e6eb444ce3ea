package dev.kefu.conversation.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import org.hibernate.annotations.TenantId;

/**
 * What a {@link Message} and a {@link Note} have alike: something written in a conversation, at a
 * time, stored once per {@code (conversation, clientMsgId)}. Each keeps its own table; only the
 * mapping of these columns is shared.
 */
@MappedSuperclass
public abstract class ConversationEntry {

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "conversation_id", nullable = false)
  private String conversationId;

  @Column(name = "client_msg_id", nullable = false)
  private String clientMsgId;

  @Column(nullable = false)
  private String body;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ConversationEntry() {}

  /** An entry of {@code conversation}, its id a new one with {@code idPrefix}. */
  protected ConversationEntry(
      String idPrefix, Conversation conversation, String clientMsgId, String text, Instant now) {
    this.id = PublicId.ordered(idPrefix);
    this.tenantId = conversation.tenantId();
    this.conversationId = conversation.id();
    this.clientMsgId = clientMsgId;
    this.body = text;
    this.createdAt = now;
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public String conversationId() {
    return conversationId;
  }

  public String clientMsgId() {
    return clientMsgId;
  }

  public String text() {
    return body;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
