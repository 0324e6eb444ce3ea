package dev.kefu.tenant.control;

import dev.kefu.events.EventBus;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.SiteChanged;
import dev.kefu.shared.RecentReads;
import dev.kefu.tenant.entity.Site;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The enabled sites this node read lately, by key and by id, so that a storm of arriving visitors
 * (each handshake finds its site by key, each {@code hello} by id) reads each site once every few
 * seconds rather than twice per visitor. Forgotten when a change of a site is announced ({@link
 * SiteChanged}: on this node at once, after the change's commit; on the others through the
 * cluster's bus), and in any case after {@code kf.sites.cache-seconds} (default 5; 0 keeps
 * nothing), which bounds how long a node that missed the news answers as before.
 *
 * <p>Whether a site's tenant is suspended is kept the same way, for the arrivals only: suspending
 * or resuming a tenant announces a change of all its sites.
 *
 * <p>The sites kept are detached from the transaction that read them, and shared: the arrivals only
 * read them. An admin's change reads and writes the site itself, never one of these.
 */
@ApplicationScoped
public class SiteCache {

  @Inject EventBus bus;

  @Inject
  @ConfigProperty(name = "kf.sites.cache-seconds", defaultValue = "5")
  long cacheSeconds;

  private RecentReads<String, Site> byKey;
  private RecentReads<String, Site> byId;
  private RecentReads<String, Boolean> suspended;
  private final Consumer<KefuEvent> listener = this::changed;

  @PostConstruct
  void listen() {
    byKey = new RecentReads<>(Duration.ofSeconds(cacheSeconds), 10_000);
    byId = new RecentReads<>(Duration.ofSeconds(cacheSeconds), 10_000);
    suspended = new RecentReads<>(Duration.ofSeconds(cacheSeconds), 10_000);
    bus.subscribe(listener);
  }

  @PreDestroy
  void stop() {
    bus.unsubscribe(listener);
  }

  /** The enabled site with this key, read by {@code load} (null: none) when not known lately. */
  public Site byKey(String siteKey, Function<String, Site> load) {
    return byKey.get(siteKey, load);
  }

  /** The enabled site with this id, read by {@code load} (null: none) when not known lately. */
  public Site byId(String siteId, Function<String, Site> load) {
    return byId.get(siteId, load);
  }

  /** Whether the tenant is suspended, read by {@code load} when not known lately. */
  public boolean isSuspended(String tenantId, Function<String, Boolean> load) {
    return suspended.get(tenantId, load);
  }

  private void changed(KefuEvent event) {
    if (event instanceof SiteChanged) {
      byKey.clear();
      byId.clear();
      suspended.clear();
    }
  }
}
