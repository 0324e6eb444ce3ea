package dev.kefu.file.boundary;

import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.file.control.FileName;
import dev.kefu.file.control.FileStorage;
import dev.kefu.file.entity.StoredFile;
import dev.kefu.file.entity.StoredFile.Uploader;
import dev.kefu.shared.Clock;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.InputStream;
import java.util.logging.Logger;

/**
 * Files shared in conversations: uploaded by a visitor or by the agent of a conversation, then sent
 * as a message ({@link Conversations}), and read back only by the conversation's participants: its
 * visitor, its agent, the supervisors of its department and the admins of its tenant. Anyone else
 * finds nothing, exactly as for a file that does not exist.
 *
 * <p>The bytes are written outside any transaction, as they arrive, so a slow upload holds no
 * database connection; the record follows in a short transaction, and the bytes are removed again
 * when it fails.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Files {

  private static final Logger LOG = Logger.getLogger(Files.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private FileStorage storage;
  @Inject private Conversations conversations;
  @Inject private Clock clock;
  @Inject private FileRecords records;

  /** Reads and drops what is left of a refused upload, so that its client gets the answer. */
  public void drain(InputStream bytes) {
    storage.drain(bytes);
  }

  /** The largest file accepted, in bytes. */
  public long maxBytes() {
    return storage.maxBytes();
  }

  /**
   * Stores a visitor's file. It joins their open conversation when they have one; otherwise the
   * message that sends it opens one.
   */
  public StoredFile uploadByVisitor(String visitorId, String name, InputStream bytes) {
    Visitor visitor = em.find(Visitor.class, visitorId);
    if (visitor == null) {
      throw new NotFoundException("no such visitor");
    }
    String conversationId = conversations.openOf(visitorId).map(Conversation::id).orElse(null);
    return store(visitor.tenantId(), conversationId, Uploader.VISITOR, visitorId, name, bytes);
  }

  /** Stores an agent's file for an open conversation assigned to that agent. */
  public StoredFile uploadByAgent(
      String agentId, String conversationId, String name, InputStream bytes) {
    Conversation conversation = conversations.ofAgent(agentId, conversationId);
    if (!conversation.isOpen()) {
      throw new RuleViolation("conversation_closed", "the conversation is closed");
    }
    return store(conversation.tenantId(), conversation.id(), Uploader.AGENT, agentId, name, bytes);
  }

  private StoredFile store(
      String tenantId,
      String conversationId,
      Uploader uploader,
      String uploaderId,
      String name,
      InputStream bytes) {
    FileStorage.Written written;
    try {
      written = storage.write(bytes, name);
    } catch (RuleViolation refused) {
      LOG.info(
          () ->
              "upload refused ("
                  + refused.code()
                  + ") from "
                  + uploader.name().toLowerCase(java.util.Locale.ROOT)
                  + " "
                  + uploaderId);
      throw refused;
    }
    StoredFile file =
        new StoredFile(
            tenantId,
            conversationId,
            uploader,
            uploaderId,
            FileName.of(name, written.type()),
            written.type().contentType(),
            written.size(),
            written.sha256(),
            written.storageName(),
            clock.now());
    try {
      records.keep(file);
    } catch (RuntimeException failed) {
      storage.delete(written.storageName());
      throw failed;
    }
    LOG.fine(() -> "file " + file.id() + " stored (" + written.size() + " bytes)");
    return file;
  }

  /**
   * A file the visitor may read: one sent in a conversation of theirs, or one they uploaded and
   * have not sent yet.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public StoredFile readableByVisitor(String visitorId, String fileId) {
    StoredFile file = find(fileId);
    boolean theirs =
        isSent(file)
            ? isVisitorOf(visitorId, file.conversationId())
            : file.uploadedBy(Uploader.VISITOR, visitorId);
    if (!theirs) {
      throw new NotFoundException("no such file");
    }
    return file;
  }

  /**
   * A file the member of staff may read: one sent in a conversation they may see ({@link
   * Conversations#visibleTo}: their own, their departments' as a supervisor, their tenant's as an
   * admin), or one they uploaded and have not sent yet.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public StoredFile readableByStaff(String agentId, String fileId) {
    StoredFile file = find(fileId);
    if (!isSent(file)) {
      if (!file.uploadedBy(Uploader.AGENT, agentId)) {
        throw new NotFoundException("no such file");
      }
      return file;
    }
    try {
      conversations.visibleTo(agentId, file.conversationId());
    } catch (NotFoundException notTheirs) {
      throw new NotFoundException("no such file");
    }
    return file;
  }

  /** Where the bytes of a file are. */
  public java.nio.file.Path bytesOf(StoredFile file) {
    return storage.pathOf(file.storageName());
  }

  /** Whether a message carries the file: until then it is its uploader's alone. */
  private boolean isSent(StoredFile file) {
    return em.createQuery("select count(m) from Message m where m.file = :f", Long.class)
            .setParameter("f", file)
            .getSingleResult()
        > 0;
  }

  private boolean isVisitorOf(String visitorId, String conversationId) {
    Conversation conversation = em.find(Conversation.class, conversationId);
    return conversation != null && conversation.visitorId().equals(visitorId);
  }

  private StoredFile find(String fileId) {
    StoredFile file = fileId == null ? null : em.find(StoredFile.class, fileId);
    if (file == null) {
      throw new NotFoundException("no such file");
    }
    return file;
  }
}
