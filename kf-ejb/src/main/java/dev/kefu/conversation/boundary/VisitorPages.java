package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.VisitorPageViewed;
import dev.kefu.visitor.boundary.PageViewed;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Tells the agent of a visitor's assigned conversation which page the visitor moved to.
 *
 * <p>The events come through a plain bean ({@link PageTriggers}): an observer on a session bean is
 * called through a new reference to it for each event, made by a JNDI lookup, and every visitor's
 * {@code hello} notes a page.
 */
@Stateless
public class VisitorPages {

  @PersistenceContext private EntityManager em;
  @Inject private Event<KefuEvent> events;

  /** In the transaction that noted the page; the edge hears of it after commit. */
  public void pageViewed(PageViewed viewed) {
    List<Conversation> open =
        em.createQuery(
                "select c from Conversation c where c.visitorId = :v and c.state = :s",
                Conversation.class)
            .setParameter("v", viewed.visitorId())
            .setParameter("s", ConversationState.ASSIGNED)
            .getResultList();
    for (Conversation conversation : open) {
      events.fire(
          new VisitorPageViewed(
              conversation.id(), conversation.agentId(), viewed.url(), viewed.title()));
    }
  }
}
