package dev.kefu.routing.control;

import dev.kefu.events.AccountDisabled;
import dev.kefu.events.AvailabilityChanged;
import dev.kefu.events.EventBus;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MembershipChanged;
import dev.kefu.events.SiteChanged;
import dev.kefu.events.StatusSetByAdmin;
import dev.kefu.routing.entity.RoutingRule;
import dev.kefu.shared.RecentReads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What routing read lately for arriving visitors, so that a storm of them does not read the same
 * rows for each: the routing rules of each site, and whether each department answers now (within
 * its hours, with an available agent), which every {@code hello} tells its widget.
 *
 * <p>The rules are forgotten when a site or its rules change ({@link SiteChanged}), and in any case
 * after {@code kf.sites.cache-seconds} (default 5). A department's answer is forgotten when
 * availability may have changed ({@link AvailabilityChanged}: a status, a custom status, a
 * department's hours or members; and an account disabled, a membership changed), and in any case
 * after a second, so that the hour a department opens or closes shows within it. Changes are heard
 * on this node after their commit, on the others through the cluster's bus. What is kept is only
 * read. {@code kf.sites.cache-seconds=0} keeps neither.
 */
@ApplicationScoped
public class RoutingCache {

  @Inject EventBus bus;

  @Inject
  @ConfigProperty(name = "kf.sites.cache-seconds", defaultValue = "5")
  long cacheSeconds;

  private RecentReads<String, List<RoutingRule>> rules;
  private RecentReads<String, Boolean> online;
  private final Consumer<KefuEvent> listener = this::changed;

  @PostConstruct
  void listen() {
    rules = new RecentReads<>(Duration.ofSeconds(cacheSeconds), 10_000);
    online = new RecentReads<>(Duration.ofSeconds(Math.min(cacheSeconds, 1)), 10_000);
    bus.subscribe(listener);
  }

  @PreDestroy
  void stop() {
    bus.unsubscribe(listener);
  }

  /** The site's rules in the order they are tried, read by {@code load} when not known lately. */
  public List<RoutingRule> rulesOf(String siteId, Function<String, List<RoutingRule>> load) {
    return rules.get(siteId, id -> List.copyOf(load.apply(id)));
  }

  /** Whether the department answers now, asked of {@code load} when not known lately. */
  public boolean isOnline(String departmentId, Function<String, Boolean> load) {
    return online.get(departmentId, load);
  }

  private void changed(KefuEvent event) {
    if (event instanceof SiteChanged) {
      rules.clear();
      online.clear();
    } else if (event instanceof AvailabilityChanged
        || event instanceof MembershipChanged
        || event instanceof AccountDisabled
        || event instanceof StatusSetByAdmin) {
      online.clear();
    }
  }
}
