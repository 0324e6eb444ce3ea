package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.events.ConversationRated;
import dev.kefu.events.KefuEvent;
import dev.kefu.shared.Clock;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

/** How visitors rate their conversations once they have closed. */
@Stateless
public class Ratings {

  @PersistenceContext private EntityManager em;
  @Inject private ConversationAccess access;
  @Inject private Event<KefuEvent> events;
  @Inject private Clock clock;

  /**
   * The visitor rates their own conversation once it has closed (1 to 5, and a comment); a later
   * rating replaces the earlier. The agent who had it is told.
   */
  public Conversation rate(String visitorId, String conversationId, int score, String comment) {
    Conversation conversation = locked(access.ofVisitor(visitorId, conversationId));
    conversation.rate(score, comment, clock.now());
    events.fire(
        new ConversationRated(
            conversation.id(),
            conversation.agentId(),
            conversation.ratingScore(),
            conversation.ratingComment()));
    return conversation;
  }

  private Conversation locked(Conversation conversation) {
    em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
    return conversation;
  }
}
