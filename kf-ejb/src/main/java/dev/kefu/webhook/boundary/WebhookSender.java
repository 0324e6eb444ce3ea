package dev.kefu.webhook.boundary;

import dev.kefu.metrics.boundary.Metrics;
import dev.kefu.setup.boundary.SchemaMigration;
import dev.kefu.webhook.control.Signature;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends what the outbox holds: woken after every commit that wrote a delivery, and every two
 * seconds for retries and for what another node wrote. One round claims the due deliveries (one per
 * webhook), sends them side by side with a time limit each, records what came of each, and goes on
 * while any went through. Runs on every node; a claim keeps two nodes from sending one delivery at
 * once, and a receiver that answered but whose answer was lost (a node died) gets it again: every
 * delivery carries its id ({@code Kefu-Delivery}) for the receiver to see it twice.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class WebhookSender {

  private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
  private static final int BATCH = 50;
  private static final int MAX_ERROR = 200;

  @Inject private WebhookDeliveries deliveries;
  @Inject private Metrics metrics;
  @Resource private ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = "kf.webhooks.timeout-seconds", defaultValue = "10")
  private int timeoutSeconds;

  @Inject
  @ConfigProperty(name = "kf.webhooks.log-days", defaultValue = "30")
  private int logDays;

  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopped;
  private HttpClient http;

  @PostConstruct
  void start() {
    http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(Math.min(5, Math.max(1, timeoutSeconds))))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @PreDestroy
  void stop() {
    stopped = true;
  }

  @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
  public void tick() {
    wake();
  }

  /** Forgets deliveries older than {@code kf.webhooks.log-days}, every hour. */
  @Schedule(minute = "17", hour = "*", persistent = false, info = "webhook log retention")
  public void sweep() {
    if (!SchemaMigration.isCurrent()) {
      return;
    }
    try {
      metrics.sweep("webhook_log", () -> deliveries.sweep(Math.max(1, logDays)));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the sweep of the webhook log failed; trying again in an hour", e);
    }
  }

  /** Sends what is due now, on a thread of the server's, unless a round is under way. */
  public void wake() {
    again.set(true);
    if (stopped || !SchemaMigration.isCurrent() || !running.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::rounds);
    } catch (RuntimeException refused) {
      running.set(false); // shutting down, or the pool is full: the next tick tries again
    }
  }

  private void rounds() {
    try {
      while (again.getAndSet(false) && !stopped) {
        if (round()) {
          again.set(true); // something went through: the next of that webhook may be due
        }
      }
    } catch (RuntimeException e) {
      metrics.failed(e);
      LOG.log(Level.WARNING, "sending webhooks failed; trying again in a few seconds", e);
    } finally {
      running.set(false);
    }
  }

  /** One round; answers whether any delivery went through. */
  private boolean round() {
    List<WebhookDeliveries.Due> due = deliveries.due(BATCH);
    List<WebhookDeliveries.Due> mine = new ArrayList<>();
    for (WebhookDeliveries.Due d : due) {
      if (deliveries.claim(d.id())) {
        mine.add(d);
      }
    }
    List<CompletableFuture<Outcome>> sent = new ArrayList<>();
    for (WebhookDeliveries.Due d : mine) {
      sent.add(send(d));
    }
    boolean delivered = false;
    for (int i = 0; i < mine.size(); i++) {
      Outcome outcome = sent.get(i).join();
      delivered |= deliveries.record(mine.get(i).id(), outcome.status(), outcome.error());
    }
    return delivered;
  }

  private record Outcome(Integer status, String error) {}

  private CompletableFuture<Outcome> send(WebhookDeliveries.Due d) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(d.url()))
              .timeout(Duration.ofSeconds(Math.max(1, timeoutSeconds)))
              .header("Content-Type", "application/json; charset=utf-8")
              .header("User-Agent", "Kefu-Webhooks/1")
              .header("Kefu-Event", d.eventType())
              .header("Kefu-Delivery", d.id())
              .header(
                  Signature.HEADER,
                  Signature.header(d.secret(), Instant.now().getEpochSecond(), d.payload()))
              .POST(HttpRequest.BodyPublishers.ofString(d.payload()))
              .build();
    } catch (IllegalArgumentException bad) {
      return CompletableFuture.completedFuture(
          new Outcome(null, "bad address: " + bad.getMessage()));
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .orTimeout(Math.max(1, timeoutSeconds) + 5L, TimeUnit.SECONDS)
        .handle(
            (response, failure) -> {
              if (failure == null) {
                int status = response.statusCode();
                return new Outcome(status, status / 100 == 2 ? null : "answered " + status);
              }
              Throwable cause = failure.getCause() == null ? failure : failure.getCause();
              String error = cause.getClass().getSimpleName();
              if (cause.getMessage() != null) {
                error += ": " + cause.getMessage();
              }
              LOG.fine(() -> "webhook delivery " + d.id() + " failed: " + cause);
              return new Outcome(
                  null, error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR));
            });
  }
}
