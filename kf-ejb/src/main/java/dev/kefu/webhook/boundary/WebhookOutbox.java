package dev.kefu.webhook.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.events.ConversationClosed;
import dev.kefu.events.ConversationRated;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MessagePosted;
import dev.kefu.events.VisitorErased;
import dev.kefu.inbox.boundary.MessageLeft;
import dev.kefu.inbox.entity.OfflineMessage;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.webhook.control.DeliveryOrder;
import dev.kefu.webhook.control.Subscriptions;
import dev.kefu.webhook.entity.Webhook;
import dev.kefu.webhook.entity.WebhookDelivery;
import dev.kefu.webhook.entity.WebhookEvent;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.List;

/**
 * Writes the deliveries of the tenant's webhooks in the very transaction of the change they tell of
 * (the outbox): a delivery exists exactly when its change was committed, and none is lost when a
 * node dies between the commit and the sending. After the commit the sender is woken. The events
 * come through {@link WebhookTriggers}.
 */
@Stateless
public class WebhookOutbox {

  private static final Object WOKEN = new Object();

  @PersistenceContext private EntityManager em;
  @Inject private Subscriptions subscriptions;
  @Inject private DeliveryOrder order;
  @Inject private WebhookSender sender;
  @Inject private Clock clock;
  @Resource private TransactionSynchronizationRegistry transactions;

  /** A visitor left a message while no one was online ({@link WebhookTriggers}). */
  public void left(MessageLeft left) {
    OfflineMessage m = left.message();
    JsonObjectBuilder message =
        Jsonp.createObjectBuilder()
            .add("id", m.id())
            .add("siteId", m.siteId())
            .add("departmentId", m.departmentId())
            .add("visitorId", m.visitorId())
            .add("name", m.name())
            .add("contact", m.contact())
            .add("text", m.text())
            .add("createdAt", m.createdAt().toString());
    nullable(message, "pageUrl", m.pageUrl());
    write(
        m.tenantId(),
        WebhookEvent.MESSAGE_LEFT,
        m.visitorId(),
        Jsonp.createObjectBuilder().add("message", message));
  }

  /**
   * A change of the business that integrations hear of, in its transaction ({@link
   * WebhookTriggers}): a message, a conversation closed or rated, a visitor erased.
   */
  public void changed(KefuEvent event) {
    if (event instanceof MessagePosted m) {
      conversation(m.conversationId()).ifPresent(c -> posted(c, m));
    } else if (event instanceof ConversationClosed closed) {
      // A transfer tells the previous agent "closed" while the conversation goes on: no end.
      conversation(closed.conversationId())
          .filter(c -> !c.isOpen())
          .ifPresent(
              c -> {
                JsonObjectBuilder data =
                    Jsonp.createObjectBuilder()
                        .add("conversationId", c.id())
                        .add("state", c.state().name().toLowerCase(java.util.Locale.ROOT))
                        .add("by", closed.by());
                nullable(data, "agentId", closed.agentId());
                c.closedAt().ifPresent(at -> data.add("closedAt", at.toString()));
                write(c.tenantId(), WebhookEvent.CONVERSATION_CLOSED, c.visitorId(), data);
              });
    } else if (event instanceof ConversationRated rated) {
      conversation(rated.conversationId())
          .ifPresent(
              c -> {
                JsonObjectBuilder data =
                    Jsonp.createObjectBuilder()
                        .add("conversationId", c.id())
                        .add("score", rated.score());
                nullable(data, "comment", rated.comment());
                nullable(data, "agentId", rated.agentId());
                write(c.tenantId(), WebhookEvent.CONVERSATION_RATED, c.visitorId(), data);
              });
    } else if (event instanceof VisitorErased erased) {
      // No visitor id on the row: the erasure removes what was about the visitor, not this.
      write(
          erased.tenantId(),
          WebhookEvent.VISITOR_ERASED,
          null,
          Jsonp.createObjectBuilder().add("visitorId", erased.visitorId()));
    }
  }

  private void posted(Conversation c, MessagePosted m) {
    if (m.seq() == 1) {
      // The first message opens a conversation: receivers hear of the conversation before it.
      write(
          c.tenantId(),
          WebhookEvent.CONVERSATION_STARTED,
          c.visitorId(),
          Jsonp.createObjectBuilder()
              .add(
                  "conversation",
                  Jsonp.createObjectBuilder()
                      .add("id", c.id())
                      .add("siteId", c.siteId())
                      .add("departmentId", c.departmentId())
                      .add("visitorId", c.visitorId())
                      .add("createdAt", c.createdAt().toString())));
    }
    JsonObjectBuilder sender = Jsonp.createObjectBuilder().add("type", m.senderType());
    nullable(sender, "id", m.senderId());
    nullable(sender, "name", m.senderName());
    JsonObjectBuilder message =
        Jsonp.createObjectBuilder()
            .add("conversationId", m.conversationId())
            .add("seq", m.seq())
            .add("sender", sender)
            .add("text", m.text() == null ? "" : m.text())
            .add("createdAt", m.at().toString());
    if (m.file() != null) {
      message.add(
          "file",
          Jsonp.createObjectBuilder()
              .add("id", m.file().id())
              .add("name", m.file().name())
              .add("size", m.file().size())
              .add("contentType", m.file().contentType()));
    }
    write(
        c.tenantId(),
        WebhookEvent.MESSAGE_CREATED,
        c.visitorId(),
        Jsonp.createObjectBuilder().add("message", message));
  }

  /**
   * A ping to one webhook, whatever it asks for, for an admin trying a receiver; answers the
   * delivery.
   */
  public WebhookDelivery ping(Webhook webhook) {
    return store(
        webhook.tenantId(),
        webhook.id(),
        WebhookEvent.PING,
        null,
        Jsonp.createObjectBuilder().add("webhookId", webhook.id()).build());
  }

  private java.util.Optional<Conversation> conversation(String id) {
    return java.util.Optional.ofNullable(em.find(Conversation.class, id));
  }

  private void write(
      String tenantId, WebhookEvent event, String visitorId, JsonObjectBuilder data) {
    List<Subscriptions.Target> targets = subscriptions.of(tenantId, () -> targetsOf(tenantId));
    JsonObject built = null;
    for (Subscriptions.Target target : targets) {
      if (target.events().contains(event)) {
        built = built == null ? data.build() : built;
        store(tenantId, target.webhookId(), event, visitorId, built);
      }
    }
  }

  private WebhookDelivery store(
      String tenantId, String webhookId, WebhookEvent event, String visitorId, JsonObject data) {
    Instant now = order.next(clock.now());
    String id = WebhookDelivery.newId();
    String payload =
        Jsonp.createObjectBuilder()
            .add("id", id)
            .add("type", event.wire())
            .add("createdAt", now.toString())
            .add("tenantId", tenantId)
            .add("data", data)
            .build()
            .toString();
    WebhookDelivery delivery =
        new WebhookDelivery(id, tenantId, webhookId, event, visitorId, payload, now);
    em.persist(delivery);
    wakeSenderAfterCommit();
    return delivery;
  }

  private List<Subscriptions.Target> targetsOf(String tenantId) {
    return em.createQuery(
            "select w from Webhook w where w.tenantId = :t and w.enabled = true", Webhook.class)
        .setParameter("t", tenantId)
        .getResultStream()
        .map(w -> new Subscriptions.Target(w.id(), w.events()))
        .toList();
  }

  private void wakeSenderAfterCommit() {
    if (transactions.getResource(WOKEN) != null) {
      return;
    }
    transactions.putResource(WOKEN, Boolean.TRUE);
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              sender.wake();
            }
          }
        });
  }

  private static void nullable(JsonObjectBuilder json, String name, String value) {
    if (value != null) {
      json.add(name, value);
    }
  }
}
