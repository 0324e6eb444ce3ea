package dev.kefu.webhook.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.setup.boundary.SealedTables;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.webhook.control.Subscriptions;
import dev.kefu.webhook.entity.Webhook;
import dev.kefu.webhook.entity.WebhookDelivery;
import dev.kefu.webhook.entity.WebhookEvent;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The tenant's webhooks as its admins keep them: where events go, which kinds, a secret to check
 * them by, and the log of deliveries with a way to send one again. Another tenant's webhook or
 * delivery answers as one that does not exist.
 */
@Stateless
public class Webhooks {

  /** Most webhooks of one tenant. */
  public static final int MAX_PER_TENANT = 20;

  /** A page of the delivery log, newest first, and how many there are in all. */
  public record DeliveryPage(long total, List<WebhookDelivery> deliveries) {}

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Subscriptions subscriptions;
  @Inject private WebhookOutbox outbox;

  public List<Webhook> list(String tenantId) {
    return em.createQuery(
            "select w from Webhook w where w.tenantId = :t order by w.createdAt, w.id",
            Webhook.class)
        .setParameter("t", tenantId)
        .getResultList();
  }

  /** The tenant's webhook; {@code not_found} for any other. */
  public Webhook get(String tenantId, String webhookId) {
    return found(tenantId, webhookId == null ? null : em.find(Webhook.class, webhookId));
  }

  /**
   * The tenant's webhook under its row lock, for a change: of two changes or removals at once, the
   * second waits, and finds it gone ({@code not_found}) rather than failing on a deleted row.
   */
  private Webhook locked(String tenantId, String webhookId) {
    return found(
        tenantId,
        webhookId == null
            ? null
            : em.find(
                Webhook.class, webhookId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE));
  }

  private static Webhook found(String tenantId, Webhook webhook) {
    if (webhook == null || !webhook.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such webhook");
    }
    return webhook;
  }

  /**
   * A new webhook; its secret is in the answer. {@code url_invalid} (field {@code url}), {@code
   * events_invalid} (field {@code events}), {@code too_many_webhooks} beyond {@link
   * #MAX_PER_TENANT}.
   */
  public Webhook create(
      Actor by, String url, Collection<String> events, boolean enabled, String description) {
    long count =
        em.createQuery("select count(w) from Webhook w where w.tenantId = :t", Long.class)
            .setParameter("t", by.tenantId())
            .getSingleResult();
    if (count >= MAX_PER_TENANT) {
      throw new RuleViolation("too_many_webhooks", "at most 20 webhooks", "url");
    }
    Webhook webhook =
        new Webhook(by.tenantId(), url, kinds(events), enabled, description, clock.now());
    em.persist(webhook);
    auditLog.record(by, Action.WEBHOOK_CREATE, "webhook", webhook.id(), shown(webhook));
    subscriptions.forget(by.tenantId());
    return webhook;
  }

  public Webhook change(
      Actor by,
      String webhookId,
      String url,
      Collection<String> events,
      boolean enabled,
      String description) {
    Webhook webhook = locked(by.tenantId(), webhookId);
    JsonObject before = shown(webhook);
    webhook.change(url, kinds(events), enabled, description, clock.now());
    auditLog.recordChange(
        by, Action.WEBHOOK_UPDATE, "webhook", webhook.id(), before, shown(webhook));
    subscriptions.forget(by.tenantId());
    return webhook;
  }

  /** A new secret for the webhook, in the answer; the old one signs nothing from now on. */
  public Webhook renewSecret(Actor by, String webhookId) {
    Webhook webhook = locked(by.tenantId(), webhookId);
    webhook.rotateSecret(clock.now());
    auditLog.record(by, Action.WEBHOOK_SECRET_RENEWED, "webhook", webhook.id(), null);
    return webhook;
  }

  /** Removes the webhook with its delivery log; what was not sent yet is not sent. */
  public void delete(Actor by, String webhookId) {
    Webhook webhook = locked(by.tenantId(), webhookId);
    em.createQuery("delete from WebhookDelivery d where d.webhookId = :w")
        .setParameter("w", webhook.id())
        .executeUpdate();
    em.remove(webhook);
    auditLog.record(by, Action.WEBHOOK_DELETE, "webhook", webhook.id(), shown(webhook));
    subscriptions.forget(by.tenantId());
  }

  /** Sends the webhook a {@code ping} now, whatever it asks for; answers the delivery. */
  public WebhookDelivery ping(Actor by, String webhookId) {
    Webhook webhook = get(by.tenantId(), webhookId);
    WebhookDelivery ping = outbox.ping(webhook);
    auditLog.record(
        by,
        Action.WEBHOOK_RESEND,
        "webhook",
        webhook.id(),
        Jsonp.createObjectBuilder().add("delivery", ping.id()).add("event", "ping").build());
    return ping;
  }

  /** The webhook's deliveries, newest first. */
  public DeliveryPage deliveries(String tenantId, String webhookId, int first, int max) {
    Webhook webhook = get(tenantId, webhookId);
    long total =
        em.createQuery("select count(d) from WebhookDelivery d where d.webhookId = :w", Long.class)
            .setParameter("w", webhook.id())
            .getSingleResult();
    List<WebhookDelivery> page =
        em.createQuery(
                "select d from WebhookDelivery d where d.webhookId = :w"
                    + " order by d.createdAt desc, d.id desc",
                WebhookDelivery.class)
            .setParameter("w", webhook.id())
            .setFirstResult(Math.max(0, first))
            .setMaxResults(Math.max(1, Math.min(max, 200)))
            .getResultList();
    return new DeliveryPage(total, page);
  }

  /** One delivery of the tenant's webhook; {@code not_found} for any other. */
  public WebhookDelivery delivery(String tenantId, String webhookId, String deliveryId) {
    Webhook webhook = get(tenantId, webhookId);
    WebhookDelivery delivery =
        deliveryId == null ? null : em.find(WebhookDelivery.class, deliveryId);
    if (delivery == null || !delivery.webhookId().equals(webhook.id())) {
      throw new NotFoundException("no such delivery");
    }
    return delivery;
  }

  /** Sends a delivery again, now, with a fresh count of attempts (a failed one, say). */
  public WebhookDelivery resend(Actor by, String webhookId, String deliveryId) {
    WebhookDelivery delivery = delivery(by.tenantId(), webhookId, deliveryId);
    delivery.again(clock.now());
    auditLog.record(
        by,
        Action.WEBHOOK_RESEND,
        "webhook",
        delivery.webhookId(),
        Jsonp.createObjectBuilder()
            .add("delivery", delivery.id())
            .add("event", delivery.eventType())
            .build());
    return delivery;
  }

  /** Removes every delivery about this visitor, sent or not (their data is being erased). */
  public int forgetVisitor(String visitorId) {
    return em.createQuery("delete from WebhookDelivery d where d.visitorId = :v")
        .setParameter("v", visitorId)
        .executeUpdate();
  }

  public void sealedColumns(@Observes SealedTables tables) {
    tables.add("webhook", SealedTables.Column.of("secret"));
    tables.add("webhook_delivery", SealedTables.Column.of("payload"));
  }

  private static EnumSet<WebhookEvent> kinds(Collection<String> events) {
    EnumSet<WebhookEvent> kinds = EnumSet.noneOf(WebhookEvent.class);
    List<String> unknown = new ArrayList<>();
    for (String wire : events == null ? List.<String>of() : events) {
      WebhookEvent.ofWire(wire)
          .filter(e -> e != WebhookEvent.PING)
          .ifPresentOrElse(kinds::add, () -> unknown.add(wire));
    }
    if (!unknown.isEmpty()) {
      throw new RuleViolation("events_invalid", "unknown events: " + unknown, "events");
    }
    return kinds;
  }

  /** What the audit log shows of a webhook: never its secret. */
  private static JsonObject shown(Webhook webhook) {
    return Jsonp.createObjectBuilder()
        .add("url", webhook.url())
        .add(
            "events",
            webhook.events().stream().map(WebhookEvent::wire).collect(Collectors.joining(",")))
        .add("enabled", webhook.enabled())
        .add("description", webhook.description() == null ? "" : webhook.description())
        .build();
  }
}
