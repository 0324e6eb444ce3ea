package dev.kefu.routing.boundary;

import dev.kefu.events.AvailabilityChanged;
import dev.kefu.events.KefuEvent;
import dev.kefu.metrics.boundary.Metrics;
import dev.kefu.routing.entity.RoutingRule;
import dev.kefu.setup.boundary.SchemaMigration;
import dev.kefu.shared.Clock;
import dev.kefu.tenant.boundary.DepartmentChanged;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Whether anyone answers the visitors of a site now, as their open widgets show it. Visitors learn
 * it in {@code welcome}; while their widget stays open it can change under them: the last agent
 * goes offline or away, the first comes online, business hours begin or end. Each such change is
 * announced ({@link AvailabilityChanged}, after commit, to every node), and each node asks {@link
 * #of} for the sites of the visitor sockets it holds.
 *
 * <p>Opening hours change nothing in the database, so a sweep on every node looks once a minute for
 * departments whose hours began or ended since the last look. Two nodes announcing the same change
 * is harmless: a widget is told only when its answer differs from what it was told.
 */
@Stateless
public class Availability {

  private static final Logger LOG = Logger.getLogger(Availability.class.getName());

  /** How far back the sweep of opening hours looks: a little more than its period. */
  static final long SWEEP_SECONDS = 60;

  @PersistenceContext private EntityManager em;
  @Inject private Routing routing;
  @Inject private Clock clock;
  @Inject private Metrics metrics;
  @Inject private Event<KefuEvent> events;

  /**
   * A site's answer to its visitors at one moment: whether each of the tenant's departments answers
   * (within its hours, with an available agent), the site's rules to route a visitor by, and the
   * departments its pre-chat form offers.
   */
  public record OfSite(
      String siteId,
      String defaultDepartmentId,
      List<RoutingRule> rules,
      Map<String, Boolean> onlineByDepartment,
      List<Routing.DepartmentChoice> choices) {

    /**
     * Whether anyone answers a visitor on this page with this language, where the site's rules send
     * them: as {@code welcome.online} says it.
     */
    public boolean onlineFor(String pageUrl, String locale) {
      return onlineFor(pageUrl, locale, null);
    }

    /**
     * As {@link #onlineFor(String, String)}, for a visitor whose open conversation is in {@code
     * conversationDepartmentId} (the department picked in the pre-chat form, or where the chat was
     * routed or transferred): whether that department answers; null for a visitor without one.
     */
    public boolean onlineFor(String pageUrl, String locale, String conversationDepartmentId) {
      if (conversationDepartmentId != null) {
        return Boolean.TRUE.equals(onlineByDepartment.get(conversationDepartmentId));
      }
      String departmentId = defaultDepartmentId;
      for (RoutingRule rule : rules) {
        if (rule.matches(pageUrl, locale)) {
          departmentId = rule.departmentId();
          break;
        }
      }
      return Boolean.TRUE.equals(onlineByDepartment.get(departmentId));
    }
  }

  /** The site's answer now; empty for a site that does not exist or is not enabled. */
  public Optional<OfSite> of(String siteId) {
    return of(siteId, List.of());
  }

  /**
   * The site's answer now, also for these departments of its visitors' open conversations; empty
   * for a site that does not exist or is not enabled.
   */
  public Optional<OfSite> of(String siteId, Collection<String> conversationDepartments) {
    Site site = siteId == null ? null : em.find(Site.class, siteId);
    if (site == null || !site.enabled() || site.deleted()) {
      return Optional.empty();
    }
    List<RoutingRule> rules = routing.rulesOf(site.id());
    Set<String> departments = new LinkedHashSet<>();
    departments.add(site.defaultDepartmentId());
    rules.forEach(rule -> departments.add(rule.departmentId()));
    departments.addAll(conversationDepartments);
    Map<String, Boolean> online =
        departments.stream()
            .filter(id -> id != null)
            .collect(Collectors.toMap(Function.identity(), routing::isOnline));
    return Optional.of(
        new OfSite(site.id(), site.defaultDepartmentId(), rules, online, routing.choicesFor(site)));
  }

  /** A department's hours or members changed, in the transaction that changed them. */
  public void departmentChanged(@Observes DepartmentChanged changed) {
    Department department = em.find(Department.class, changed.departmentId());
    if (department != null) {
      events.fire(new AvailabilityChanged(department.tenantId()));
    }
  }

  /** Once a minute: the tenants of departments whose business hours began or ended meanwhile. */
  @Schedule(second = "0", minute = "*", hour = "*", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void sweepOpeningHours() {
    if (!SchemaMigration.isCurrent()) {
      return;
    }
    try {
      metrics.sweep(
          "opening_hours",
          () -> {
            Instant now = clock.now();
            tenantsWithHoursChangedBetween(now.minusSeconds(SWEEP_SECONDS), now)
                .forEach(tenantId -> events.fire(new AvailabilityChanged(tenantId)));
          });
    } catch (RuntimeException e) {
      // The database is down, most likely; a timeout that fails twice in a row is cancelled.
      LOG.log(Level.WARNING, "the sweep of opening hours failed; trying again", e);
    }
  }

  /** Across tenants (a scheduled sweep runs in none): whose departments opened or closed. */
  private Set<String> tenantsWithHoursChangedBetween(Instant before, Instant now) {
    return tenantsWithHoursChangedBetween(
        em.createQuery("select d from Department d", Department.class).getResultList(),
        before,
        now);
  }

  /** The tenants of those departments that were open at one moment and closed at the other. */
  static Set<String> tenantsWithHoursChangedBetween(
      List<Department> departments, Instant before, Instant now) {
    Set<String> tenants = new LinkedHashSet<>();
    for (Department department : departments) {
      if (department.businessHours().isOpenAt(before) != department.businessHours().isOpenAt(now)) {
        tenants.add(department.tenantId());
      }
    }
    return tenants;
  }
}
