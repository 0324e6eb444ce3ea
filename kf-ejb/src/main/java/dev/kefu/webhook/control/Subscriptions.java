package dev.kefu.webhook.control;

import dev.kefu.webhook.entity.WebhookEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which webhooks of a tenant want which events, remembered for a few seconds: every message asks,
 * and almost every time the answer is "none", which must not cost a query. A change on this node is
 * seen at once; on other nodes within {@link #FRESH}.
 */
@ApplicationScoped
public class Subscriptions {

  /** How long a tenant's list is trusted before it is read again. */
  public static final Duration FRESH = Duration.ofSeconds(10);

  /** A webhook that is on, with the events it wants. */
  public record Target(String webhookId, Set<WebhookEvent> events) {}

  private record Entry(List<Target> targets, long readAtNanos) {}

  private final Map<String, Entry> byTenant = new ConcurrentHashMap<>();

  /** The tenant's targets, read by {@code read} when not known or no longer fresh. */
  public List<Target> of(String tenantId, Supplier<List<Target>> read) {
    long now = System.nanoTime();
    Entry entry = byTenant.get(tenantId);
    if (entry == null || now - entry.readAtNanos() > FRESH.toNanos()) {
      entry = new Entry(List.copyOf(read.get()), now);
      byTenant.put(tenantId, entry);
    }
    return entry.targets();
  }

  /** The tenant's webhooks changed: read them again at the next event. */
  public void forget(String tenantId) {
    byTenant.remove(tenantId);
  }
}
