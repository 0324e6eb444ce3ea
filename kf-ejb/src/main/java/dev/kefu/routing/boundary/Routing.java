package dev.kefu.routing.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.routing.control.RoutingCache;
import dev.kefu.routing.entity.RoutingRule;
import dev.kefu.shared.Clock;
import dev.kefu.tenant.boundary.TenantFilter;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Chooses where a visitor's conversation goes, and tells visitors whether anyone answers there now.
 * The department is, in this order: the one the visitor picked in the pre-chat form (one of the
 * site's tenant), the first of the site's rules that matches the visitor's page or language, or the
 * site's default department. A rule may also require a skill of the agent.
 */
@Stateless
public class Routing {

  /** Where a conversation goes: its department and the skill it needs (null: none). */
  public record Route(String departmentId, String requiredSkill) {}

  /**
   * Where the site's rules send a visitor on this page with this language, and why: the first rule
   * that matches, or none (null) for the site's default department.
   */
  public record Decision(RoutingRule rule, String departmentId, String requiredSkill) {

    public Route route() {
      return new Route(departmentId, requiredSkill);
    }
  }

  /** A department as a visitor may pick it, and whether it answers now. */
  public record DepartmentChoice(String id, String name, boolean online) {}

  @PersistenceContext private EntityManager em;
  @Inject private Assignment assignment;
  @Inject private Clock clock;
  @Inject private Memberships memberships;
  @Inject private RoutingCache cache;

  /** The route for a visitor of the site on this page with this language and pre-chat choice. */
  public Route routeFor(Site site, String pageUrl, String locale, String prechatDepartmentId) {
    if (prechatDepartmentId != null) {
      Department chosen = em.find(Department.class, prechatDepartmentId);
      if (chosen != null && chosen.tenantId().equals(site.tenantId())) {
        return new Route(chosen.id(), null);
      }
    }
    return decide(site, pageUrl, locale).route();
  }

  /**
   * What the site's rules decide for a visitor without a pre-chat choice: the one way routing
   * chooses, which the console's rule test also asks.
   */
  public Decision decide(Site site, String pageUrl, String locale) {
    for (RoutingRule rule : cache.rulesOf(site.id(), this::rulesOf)) {
      if (rule.matches(pageUrl, locale)) {
        return new Decision(rule, rule.departmentId(), rule.requiredSkill().orElse(null));
      }
    }
    return new Decision(null, site.defaultDepartmentId(), null);
  }

  /**
   * The route of a conversation that answers the invitation of {@code agentId}: the route as it is
   * when the agent is a member of its department, else the first of the agent's departments (by
   * id), where they can be given it; the route as it is for an agent of no department.
   */
  public Route routeForInvitation(Route route, String agentId) {
    if (memberships.isMember(agentId, route.departmentId())) {
      return route;
    }
    List<String> theirs = memberships.departmentsOf(agentId);
    return theirs.isEmpty() ? route : new Route(theirs.get(0), null);
  }

  /**
   * The site's rules in the order they are tried. Read on every arrival: without the tenant filter,
   * so that Hibernate plans the query once; the site is one the caller holds, and each rule is
   * checked against the scope's tenant instead.
   */
  public List<RoutingRule> rulesOf(String siteId) {
    return TenantFilter.bypassed(
            em,
            () ->
                em.createQuery(
                        "select r from RoutingRule r where r.siteId = :s order by r.position, r.id",
                        RoutingRule.class)
                    .setParameter("s", siteId)
                    .getResultList())
        .stream()
        .filter(r -> TenantFilter.isCurrent(r.tenantId()))
        .toList();
  }

  /**
   * Whether the department answers now, as a visitor's {@code welcome} tells it: as this node
   * worked it out within the last second, unless availability changed since ({@link RoutingCache}).
   * A storm of arrivals asks it once a second rather than once per visitor. What is pushed to open
   * widgets when availability changes ({@link Availability}) asks {@link #isOnline} afresh.
   */
  public boolean isOnlineLately(String departmentId) {
    return cache.isOnline(departmentId, this::isOnline);
  }

  /** Whether the department is within its business hours and has an available agent. */
  public boolean isOnline(String departmentId) {
    // Asked on every arrival: a load by id without the tenant filter is planned once.
    Department department =
        departmentId == null
            ? null
            : TenantFilter.find(em, Department.class, departmentId, Department::tenantId)
                .orElse(null);
    return department != null
        && department.businessHours().isOpenAt(clock.now())
        && assignment.anyoneAvailableIn(departmentId);
  }

  /**
   * The departments a visitor of the site may pick in its pre-chat form, by name, with whether each
   * answers now; none when the site offers no choice.
   */
  public List<DepartmentChoice> choicesFor(Site site) {
    List<String> offered = site.widgetSettings().departmentIds();
    if (offered.isEmpty()) {
      return List.of();
    }
    return em
        .createQuery(
            "select d from Department d where d.tenantId = :t order by d.name, d.id",
            Department.class)
        .setParameter("t", site.tenantId())
        .getResultList()
        .stream()
        .filter(d -> offered.contains(d.id()))
        .map(d -> new DepartmentChoice(d.id(), d.name(), isOnline(d.id())))
        .toList();
  }
}
