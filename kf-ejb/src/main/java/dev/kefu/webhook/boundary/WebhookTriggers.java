package dev.kefu.webhook.boundary;

import dev.kefu.events.ConversationClosed;
import dev.kefu.events.ConversationRated;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MessagePosted;
import dev.kefu.events.VisitorErased;
import dev.kefu.inbox.boundary.MessageLeft;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Hands the changes that webhooks tell of to the {@link WebhookOutbox}, in the transaction that
 * fired them, and no other event.
 *
 * <p>Not an observer method on the outbox itself: for each event an observer on a session bean is
 * called on a new reference to that bean, which the server makes by a JNDI lookup, and every event
 * of a message, an arrival or a queue passed through it. This bean holds one reference, made when
 * it was.
 */
@ApplicationScoped
public class WebhookTriggers {

  @Inject private WebhookOutbox outbox;

  void left(@Observes MessageLeft left) {
    outbox.left(left);
  }

  void changed(@Observes KefuEvent event) {
    if (event instanceof MessagePosted
        || event instanceof ConversationClosed
        || event instanceof ConversationRated
        || event instanceof VisitorErased) {
      outbox.changed(event);
    }
  }
}
