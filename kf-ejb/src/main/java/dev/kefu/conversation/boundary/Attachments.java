package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.file.boundary.Files;
import dev.kefu.file.entity.StoredFile;
import dev.kefu.file.entity.StoredFile.Uploader;
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

/**
 * Files as parts of conversations: who may upload a file for which conversation, and who may read
 * it back. A file is uploaded by a visitor or by the agent of a conversation, then sent as a
 * message ({@link Messages}), and read back only by the conversation's participants: its visitor,
 * its agent, the supervisors of its department and the admins of its tenant. Anyone else finds
 * nothing, exactly as for a file that does not exist. The file component ({@link Files}) keeps the
 * bytes and the record; the rules are the conversations'.
 *
 * <p>Uploads run outside any transaction, as {@link Files} writes the bytes as they arrive.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Attachments {

  @PersistenceContext private EntityManager em;
  @Inject private Files files;
  @Inject private Conversations conversations;
  @Inject private ConversationAccess access;

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
    return files.store(
        visitor.tenantId(), conversationId, Uploader.VISITOR, visitorId, name, bytes);
  }

  /** Stores an agent's file for an open conversation assigned to that agent. */
  public StoredFile uploadByAgent(
      String agentId, String conversationId, String name, InputStream bytes) {
    Conversation conversation = access.ofAgent(agentId, conversationId);
    if (!conversation.isOpen()) {
      throw new RuleViolation("conversation_closed", "the conversation is closed");
    }
    return files.store(
        conversation.tenantId(), conversation.id(), Uploader.AGENT, agentId, name, bytes);
  }

  /**
   * A file the visitor may read: one sent in a conversation of theirs, or one they uploaded and
   * have not sent yet.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public StoredFile readableByVisitor(String visitorId, String fileId) {
    StoredFile file = files.find(fileId);
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
   * ConversationAccess#visibleTo}: their own, their departments' as a supervisor, their tenant's as
   * an admin), or one they uploaded and have not sent yet.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public StoredFile readableByStaff(String agentId, String fileId) {
    StoredFile file = files.find(fileId);
    if (!isSent(file)) {
      if (!file.uploadedBy(Uploader.AGENT, agentId)) {
        throw new NotFoundException("no such file");
      }
      return file;
    }
    try {
      access.visibleTo(agentId, file.conversationId());
    } catch (NotFoundException notTheirs) {
      throw new NotFoundException("no such file");
    }
    return file;
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
}
