package dev.kefu.conversation.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.MessageText;
import dev.kefu.conversation.entity.Note;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.NoteAdded;
import dev.kefu.shared.Clock;
import dev.kefu.tenant.boundary.TenantFilter;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Internal notes of staff on a conversation. Whoever may see a conversation ({@link
 * ConversationAccess#visibleTo}: its agent, a supervisor of its department, an admin of its tenant)
 * may write and read its notes. Notes are not messages: they take no {@code seq} and go to staff
 * only.
 */
@Stateless
public class Notes {

  private static final int MAX_NOTES = 500;

  @PersistenceContext private EntityManager em;
  @Inject private ConversationAccess access;
  @Inject private Event<KefuEvent> events;
  @Inject private Clock clock;

  /** Stores the note once per {@code clientMsgId}; a resent one answers the first copy. */
  public Note add(
      String agentId, String conversationId, String clientMsgId, String text, String origin) {
    String id = MessageText.checkedClientMsgId(clientMsgId);
    String body = MessageText.checked(text);
    Conversation conversation = access.visibleTo(agentId, conversationId);
    // The conversation's row lock orders two copies of the same note sent at once.
    em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
    Optional<Note> earlier = find(conversation.id(), id);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    return write(conversation, em.find(Agent.class, agentId), id, body, origin);
  }

  /**
   * Every note of the conversation, oldest first (the latest {@value #MAX_NOTES}); in a transaction
   * of its own, as the edge reads here right after another one committed.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Note> of(String conversationId) {
    // Read with every conversation handed to an agent: planned once, without the tenant filter,
    // and the rows checked against the scope's tenant instead.
    List<Note> latest =
        TenantFilter.bypassed(
            em,
            () ->
                em.createQuery(
                        "select n from Note n where n.conversationId = :c"
                            + " order by n.createdAt desc, n.id desc",
                        Note.class)
                    .setParameter("c", conversationId)
                    .setMaxResults(MAX_NOTES)
                    .getResultList());
    List<Note> oldestFirst = new ArrayList<>(latest);
    oldestFirst.removeIf(n -> !TenantFilter.isCurrent(n.tenantId()));
    Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  private Note write(
      Conversation conversation, Agent author, String clientMsgId, String body, String origin) {
    Note note =
        new Note(
            conversation,
            clientMsgId,
            author == null ? null : author.id(),
            author == null ? null : author.displayName(),
            body,
            clock.now());
    em.persist(note);
    em.flush();
    events.fire(added(conversation, note, origin));
    return note;
  }

  static NoteAdded added(Conversation conversation, Note note, String origin) {
    return new NoteAdded(
        conversation.id(),
        conversation.agentId(),
        note.id(),
        note.clientMsgId(),
        note.authorId(),
        note.authorName(),
        note.text(),
        note.createdAt(),
        origin);
  }

  private Optional<Note> find(String conversationId, String clientMsgId) {
    return em.createQuery(
            "select n from Note n where n.conversationId = :c and n.clientMsgId = :id", Note.class)
        .setParameter("c", conversationId)
        .setParameter("id", clientMsgId)
        .getResultStream()
        .findFirst();
  }
}
