package dev.kefu.file.entity;

import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.TenantId;

/**
 * What Kefu knows of a file shared in a conversation; the bytes themselves lie under the data
 * directory with a random {@code storageName}, never under the name the uploader gave. The content
 * type is the one found in the file's first bytes, not the one the uploader claimed. A file belongs
 * to the one who uploaded it until a message carries it into a conversation; from then on it
 * belongs to that conversation and to no other.
 */
@Entity
@Table(name = "kf_file")
public class StoredFile {

  /** Who uploaded a file. */
  public enum Uploader {
    VISITOR,
    AGENT
  }

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "conversation_id")
  private String conversationId;

  @Column(name = "uploader_type", nullable = false)
  private String uploaderType;

  @Column(name = "uploader_id", nullable = false)
  private String uploaderId;

  @Column(name = "original_name", nullable = false)
  private String originalName;

  @Column(name = "content_type", nullable = false)
  private String contentType;

  @Column(name = "size_bytes", nullable = false)
  private long size;

  @Column(name = "sha256", nullable = false)
  private String sha256;

  @Column(name = "storage_name", nullable = false)
  private String storageName;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected StoredFile() {}

  public StoredFile(
      String tenantId,
      String conversationId,
      Uploader uploader,
      String uploaderId,
      String name,
      String contentType,
      long size,
      String sha256,
      String storageName,
      Instant now) {
    this.id = PublicId.ordered("f");
    this.tenantId = tenantId;
    this.conversationId = conversationId;
    this.uploaderType = uploader.name().toLowerCase(java.util.Locale.ROOT);
    this.uploaderId = uploaderId;
    this.originalName = name;
    this.contentType = contentType;
    this.size = size;
    this.sha256 = sha256;
    this.storageName = storageName;
    this.createdAt = now;
  }

  /**
   * Whether {@code uploader} may send this file in a message of {@code conversationId}: only the
   * one who uploaded it, and only into the conversation it was uploaded for (or, for a visitor's
   * file uploaded before any conversation, into the one its message opens).
   */
  public boolean sendableBy(Uploader uploader, String uploaderId, String conversationId) {
    return uploadedBy(uploader, uploaderId)
        && (this.conversationId == null || this.conversationId.equals(conversationId));
  }

  /** Binds the file to the conversation of the message that carries it. */
  public void sentIn(String conversationId) {
    if (this.conversationId != null && !this.conversationId.equals(conversationId)) {
      throw new RuleViolation("bad_request", "the file belongs to another conversation");
    }
    this.conversationId = conversationId;
  }

  public boolean uploadedBy(Uploader uploader, String uploaderId) {
    return uploaderType.equals(uploader.name().toLowerCase(java.util.Locale.ROOT))
        && this.uploaderId.equals(uploaderId);
  }

  /** Images of an allowed type are shown inline; everything else is downloaded. */
  public boolean isImage() {
    return contentType.startsWith("image/");
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

  public String name() {
    return originalName;
  }

  public String contentType() {
    return contentType;
  }

  public long size() {
    return size;
  }

  public String sha256() {
    return sha256;
  }

  public String storageName() {
    return storageName;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
