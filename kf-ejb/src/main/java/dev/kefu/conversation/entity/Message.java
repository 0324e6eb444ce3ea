package dev.kefu.conversation.entity;

import dev.kefu.file.entity.StoredFile;
import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.TenantId;

/**
 * One message of a conversation: append-only, unique by {@code (conversation, seq)} and by {@code
 * (conversation, clientMsgId)}, so a message sent again after a lost acknowledgement is stored
 * once. A message may carry one file ({@link StoredFile}); its text is then optional (empty).
 */
@Entity
@Table(name = "message")
public class Message {

  public static final int MAX_TEXT = 4000;

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "conversation_id", nullable = false)
  private String conversationId;

  @Column(nullable = false)
  private long seq;

  @Column(name = "client_msg_id", nullable = false)
  private String clientMsgId;

  @Enumerated(EnumType.STRING)
  @Column(name = "sender_type", nullable = false)
  private SenderType senderType;

  @Column(name = "sender_id")
  private String senderId;

  @Column(name = "sender_name")
  private String senderName;

  @Column(nullable = false)
  private String body;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "file_id")
  private StoredFile file;

  protected Message() {}

  /** A message that carries a file, with an optional text (empty for none). */
  public Message(
      Conversation conversation,
      String clientMsgId,
      SenderType senderType,
      String senderId,
      String senderName,
      String text,
      StoredFile file,
      Instant now) {
    this(conversation, clientMsgId, senderType, senderId, senderName, text, now);
    file.sentIn(conversation.id());
    this.file = file;
  }

  public Message(
      Conversation conversation,
      String clientMsgId,
      SenderType senderType,
      String senderId,
      String senderName,
      String text,
      Instant now) {
    this.id = PublicId.next("m");
    this.tenantId = conversation.tenantId();
    this.conversationId = conversation.id();
    this.seq = conversation.nextSeq();
    this.clientMsgId = clientMsgId;
    this.senderType = senderType;
    this.senderId = senderId;
    this.senderName = senderName;
    this.body = text;
    this.createdAt = now;
  }

  public String id() {
    return id;
  }

  public String conversationId() {
    return conversationId;
  }

  public long seq() {
    return seq;
  }

  public String clientMsgId() {
    return clientMsgId;
  }

  public SenderType senderType() {
    return senderType;
  }

  public String senderId() {
    return senderId;
  }

  public String senderName() {
    return senderName;
  }

  public String text() {
    return body;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The file the message carries, or null. */
  public StoredFile file() {
    return file;
  }
}
