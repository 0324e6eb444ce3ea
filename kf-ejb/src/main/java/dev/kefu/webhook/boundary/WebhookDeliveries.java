package dev.kefu.webhook.boundary;

import dev.kefu.shared.Clock;
import dev.kefu.webhook.control.Backoff;
import dev.kefu.webhook.entity.Webhook;
import dev.kefu.webhook.entity.WebhookDelivery;
import dev.kefu.webhook.entity.WebhookEvent;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sender's short transactions on the outbox: which deliveries are due, claiming one so that one
 * node sends it, and what came of an attempt. Runs outside any tenant's scope, across tenants.
 */
@Stateless
public class WebhookDeliveries {

  /** How long a claimed delivery is left to its node before another may take it. */
  static final Duration CLAIM = Duration.ofSeconds(60);

  /** A delivery to send now, with where and how. */
  public record Due(String id, String url, String secret, String eventType, String payload) {}

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;

  @Inject
  @ConfigProperty(name = "kf.webhooks.retry-seconds", defaultValue = "10")
  private int retrySeconds;

  @Inject
  @ConfigProperty(name = "kf.webhooks.max-retry-seconds", defaultValue = "21600")
  private int maxRetrySeconds;

  @Inject
  @ConfigProperty(name = "kf.webhooks.attempts", defaultValue = "16")
  private int attempts;

  /**
   * The deliveries to send now: for each enabled webhook its oldest pending one, if it is due and
   * nobody holds it (a webhook switched off keeps what it had waiting until it is on again, and
   * gets only the pings an admin asks for). A receiver gets its events in the order they happened;
   * one that fails holds back the later ones of its webhook (not of others) until it goes through
   * or is given up.
   */
  public List<Due> due(int max) {
    Instant now = clock.now();
    List<Object[]> rows =
        em.createQuery(
                "select d, w from WebhookDelivery d, Webhook w where w.id = d.webhookId"
                    + " and d.status = :pending and (w.enabled = true or d.eventType = :ping)"
                    + " order by d.createdAt, d.id",
                Object[].class)
            .setParameter("pending", WebhookDelivery.Status.PENDING)
            .setParameter("ping", WebhookEvent.PING.wire())
            .setMaxResults(Math.max(max * 20, 200))
            .getResultList();
    Set<String> seen = new HashSet<>();
    List<Due> due = new ArrayList<>();
    for (Object[] row : rows) {
      WebhookDelivery d = (WebhookDelivery) row[0];
      Webhook w = (Webhook) row[1];
      if (!seen.add(w.id())) {
        continue; // a later one of a webhook whose oldest waits
      }
      if (!d.nextAttemptAt().isAfter(now) && due.size() < max) {
        due.add(new Due(d.id(), w.url(), w.secret(), d.eventType(), d.payload()));
      }
    }
    return due;
  }

  /** Takes the delivery for this node unless another holds it; answers whether it did. */
  public boolean claim(String id) {
    Instant now = clock.now();
    return em.createQuery(
                "update WebhookDelivery d set d.claimedUntil = :until where d.id = :id"
                    + " and d.status = :pending and (d.claimedUntil is null or d.claimedUntil < :now)")
            .setParameter("until", now.plus(CLAIM))
            .setParameter("id", id)
            .setParameter("pending", WebhookDelivery.Status.PENDING)
            .setParameter("now", now)
            .executeUpdate()
        == 1;
  }

  /**
   * What came of an attempt: {@code httpStatus} 2xx is delivered; anything else, or none (null,
   * with {@code error}), is tried again after the back-off, or given up after the last attempt.
   * Answers whether it was delivered.
   */
  public boolean record(String id, Integer httpStatus, String error) {
    WebhookDelivery d = em.find(WebhookDelivery.class, id);
    if (d == null || d.status() != WebhookDelivery.Status.PENDING) {
      return false; // erased or sent again meanwhile
    }
    Instant now = clock.now();
    if (httpStatus != null && httpStatus >= 200 && httpStatus < 300) {
      d.delivered(httpStatus, now);
      return true;
    }
    Backoff backoff = backoff();
    int made = d.attempts() + 1;
    d.failed(httpStatus, error, now.plus(backoff.after(made)), backoff.exhausted(made));
    return false;
  }

  /** Forgets deliveries older than {@code days}, delivered or not; answers how many. */
  public int sweep(int days) {
    return em.createQuery("delete from WebhookDelivery d where d.createdAt < :cutoff")
        .setParameter("cutoff", clock.now().minus(Duration.ofDays(days)))
        .executeUpdate();
  }

  Backoff backoff() {
    int first = Math.max(1, retrySeconds);
    return new Backoff(
        Duration.ofSeconds(first),
        Duration.ofSeconds(Math.max(first, maxRetrySeconds)),
        Math.max(1, attempts));
  }
}
