package dev.kefu.erasure.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.ProtectionChanged;
import dev.kefu.events.VisitorErased;
import dev.kefu.file.boundary.Files;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.visitor.entity.Visitor;
import dev.kefu.webhook.boundary.Webhooks;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.logging.Logger;

/**
 * Erases a visitor's data at their request (the right to erasure of the GDPR, the deletion of
 * personal information of China's PIPL): the visitor, their conversations with every message, note
 * and file, their page trail, the messages they left and any block of them, in one transaction, so
 * that it happens wholly or not at all. A conversation still open is ended first: its agent is
 * told, and the visitor's open pages are disconnected on every node.
 *
 * <p>Webhooks that were to be told of the visitor's conversations are not told any more (their
 * pending deliveries and the log of sent ones go); those that asked for {@code visitor.erased} hear
 * of the erasure, by the visitor's id only.
 *
 * <p>What stays: the audit log, which names the visitor by id only (the erasure itself is audited,
 * with counts), and figures already exported from reports. Reports computed afterwards no longer
 * count the erased conversations.
 */
@Stateless
public class VisitorErasure {

  private static final Logger LOG = Logger.getLogger(VisitorErasure.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private Conversations conversations;
  @Inject private Files files;
  @Inject private Webhooks webhooks;
  @Inject private AuditLog auditLog;
  @Inject private Event<KefuEvent> events;

  /**
   * Erases the visitor of the admin's tenant; {@code not_found} for any other id, as for one that
   * does not exist (or no longer does).
   */
  public Erased erase(Actor by, String visitorId) {
    Visitor visitor =
        visitorId == null || visitorId.isBlank()
            ? null
            : em.find(Visitor.class, visitorId, LockModeType.PESSIMISTIC_WRITE);
    if (visitor == null || !visitor.tenantId().equals(by.tenantId())) {
      throw new NotFoundException("no such visitor");
    }
    // The visitor's row lock first, as every message of theirs takes it: none is stored meanwhile.
    List<String> conversationIds = conversations.endForErasure(visitor.id());
    em.flush(); // what ending the conversation changed, before the rows go in bulk
    List<String> ids = conversationIds.isEmpty() ? List.of("") : conversationIds;
    int messages = delete("delete from Message m where m.conversationId in :c", "c", ids);
    int notes = delete("delete from Note n where n.conversationId in :c", "c", ids);
    int fileCount = files.eraseOf(conversationIds, visitor.id());
    delete("delete from Conversation c where c.visitorId = :v", "v", visitor.id());
    int pageViews = delete("delete from PageView p where p.visitorId = :v", "v", visitor.id());
    int left = delete("delete from OfflineMessage o where o.visitorId = :v", "v", visitor.id());
    int blocks = delete("delete from Block b where b.visitorId = :v", "v", visitor.id());
    // What webhooks were to be told of the visitor, sent or not; they hear of the erasure itself.
    webhooks.forgetVisitor(visitor.id());
    delete("delete from Visitor v where v.id = :v", "v", visitor.id());
    Erased erased =
        new Erased(
            visitor.id(),
            conversationIds.size(),
            messages,
            notes,
            fileCount,
            pageViews,
            left,
            blocks);
    auditLog.record(
        by,
        Action.VISITOR_ERASED,
        "visitor",
        visitor.id(),
        Jsonp.createObjectBuilder()
            .add("conversations", erased.conversations())
            .add("messages", erased.messages())
            .add("notes", erased.notes())
            .add("files", erased.files())
            .add("pageViews", erased.pageViews())
            .add("leftMessages", erased.leftMessages())
            .add("blocks", erased.blocks())
            .build());
    events.fire(new VisitorErased(visitor.tenantId(), visitor.id()));
    if (blocks > 0) {
      events.fire(new ProtectionChanged(visitor.tenantId()));
    }
    LOG.info(() -> "visitor " + erased.visitorId() + " erased by " + by.name() + ": " + erased);
    return erased;
  }

  private int delete(String jpql, String parameter, Object value) {
    return em.createQuery(jpql).setParameter(parameter, value).executeUpdate();
  }
}
