package dev.kefu.conversation.entity;

import dev.kefu.file.entity.StoredFile;
import dev.kefu.setup.entity.Sealed;
import dev.kefu.shared.CjkTerms;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One message of a conversation: append-only, unique by {@code (conversation, seq)} and by {@code
 * (conversation, clientMsgId)}, so a message sent again after a lost acknowledgement is stored
 * once. A message may carry one file ({@link StoredFile}); its text is then optional (empty).
 */
@Entity
@Table(name = "message")
@DynamicUpdate
public class Message extends ConversationEntry {

  public static final int MAX_TEXT = 4000;

  @Column(nullable = false)
  private long seq;

  @Enumerated(EnumType.STRING)
  @Column(name = "sender_type", nullable = false)
  private SenderType senderType;

  @Column(name = "sender_id")
  private String senderId;

  /** Encrypted in the database: a visitor's name is copied here. */
  @Column(name = "sender_name")
  @Convert(converter = Sealed.class)
  private String senderName;

  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "file_id")
  private StoredFile file;

  /**
   * The Chinese, Japanese and Korean words of the text as the full-text index of the history search
   * holds them ({@link CjkTerms}); null when the text has none.
   */
  @Column(name = "cjk_terms")
  private String cjkTerms;

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
    super("m", conversation, clientMsgId, text, now);
    this.seq = conversation.nextSeq();
    this.senderType = senderType;
    this.senderId = senderId;
    this.senderName = senderName;
    this.cjkTerms = CjkTerms.of(text);
  }

  public long seq() {
    return seq;
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

  /** The file the message carries, or null. */
  public StoredFile file() {
    return file;
  }
}
