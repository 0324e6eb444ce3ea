package dev.kefu.protection.control;

import dev.kefu.events.AccessBlocked;
import dev.kefu.events.EventBus;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.ProtectionChanged;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this node knows of each tenant's blocks and sensitive words, so that every {@code hello} and
 * every message is checked in memory. An entry is forgotten when a change is announced ({@link
 * AccessBlocked}, {@link ProtectionChanged}: on this node at once, on the others through the
 * cluster's bus), and in any case after {@code kf.protection.cache-seconds} (default 30), which
 * bounds how long a node that missed an announcement (Redis down) goes on with an old list.
 */
@ApplicationScoped
public class ProtectionCache {

  /** What was read of a tenant, and when. */
  private record Entry<T>(T value, Instant readAt) {}

  @Inject EventBus bus;

  @Inject
  @ConfigProperty(name = "kf.protection.cache-seconds", defaultValue = "30")
  long cacheSeconds;

  private final Map<String, Entry<BlockSet>> blocks = new ConcurrentHashMap<>();
  private final Map<String, Entry<WordFilter>> words = new ConcurrentHashMap<>();
  private final Consumer<KefuEvent> listener = this::changed;

  @PostConstruct
  void listen() {
    bus.subscribe(listener);
  }

  @PreDestroy
  void stop() {
    bus.unsubscribe(listener);
  }

  /** The tenant's blocks, read by {@code load} when not known or too old. */
  public BlockSet blocks(String tenantId, Instant now, Supplier<BlockSet> load) {
    return fresh(blocks, tenantId, now, load);
  }

  /** The tenant's word filter, read by {@code load} when not known or too old. */
  public WordFilter words(String tenantId, Instant now, Supplier<WordFilter> load) {
    return fresh(words, tenantId, now, load);
  }

  /** Forgets what this node knows of the tenant. */
  public void forget(String tenantId) {
    if (tenantId != null) {
      blocks.remove(tenantId);
      words.remove(tenantId);
    }
  }

  private void changed(KefuEvent event) {
    if (event instanceof AccessBlocked blocked) {
      forget(blocked.tenantId());
    } else if (event instanceof ProtectionChanged changed) {
      forget(changed.tenantId());
    }
  }

  private <T> T fresh(Map<String, Entry<T>> cache, String tenantId, Instant now, Supplier<T> load) {
    Entry<T> known = cache.get(tenantId);
    if (known != null && known.readAt().plus(Duration.ofSeconds(cacheSeconds)).isAfter(now)) {
      return known.value();
    }
    T value = load.get();
    cache.put(tenantId, new Entry<>(value, now));
    return value;
  }
}
