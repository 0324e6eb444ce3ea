package dev.kefu.routing.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.SiteChanged;
import dev.kefu.routing.entity.RoutingRule;
import dev.kefu.routing.entity.RuleKind;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A site's routing rules, replaced as one ordered list by an admin of the site's tenant (audited
 * with the list before and after).
 */
@Stateless
public class RoutingRules {

  /** One rule as an admin enters it. */
  public record Entry(String kind, String pattern, String departmentId, String requiredSkill) {}

  /** How many rules one site may have: they are one ordered list, read whole on every chat. */
  public static final int MAX_RULES = 200;

  @PersistenceContext private EntityManager em;
  @Inject private Sites sites;
  @Inject private Routing routing;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Event<KefuEvent> events;

  /** The rules of a site of the tenant, in the order they are tried. */
  public List<RoutingRule> of(String tenantId, String siteId) {
    Site site = sites.get(tenantId, siteId);
    return routing.rulesOf(site.id());
  }

  /**
   * Which department a visitor of the site on this page with this language would get, and by which
   * rule: asks the router itself ({@link Routing#decide}), so the answer is the one a visitor gets
   * (a pre-chat choice aside).
   */
  public Routing.Decision test(String tenantId, String siteId, String pageUrl, String language) {
    Site site = sites.get(tenantId, siteId);
    return routing.decide(site, blankToNull(pageUrl), blankToNull(language));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  public List<RoutingRule> replace(Actor by, String siteId, List<Entry> entries) {
    Site site = sites.get(by.tenantId(), siteId);
    List<RoutingRule> before = routing.rulesOf(site.id());
    if (entries != null && entries.size() > MAX_RULES) {
      throw new RuleViolation("too_many", "a site has at most " + MAX_RULES + " rules");
    }
    List<RoutingRule> after = new ArrayList<>();
    int position = 0;
    for (Entry entry : entries == null ? List.<Entry>of() : entries) {
      if (entry == null) {
        throw new RuleViolation("bad_request", "a rule must not be null");
      }
      RuleKind kind = RuleKind.fromWire(entry.kind());
      if (kind == null) {
        throw new RuleViolation("bad_request", "a rule's kind is url or language", "kind");
      }
      String problem = RoutingRule.patternProblem(kind, entry.pattern());
      if (problem != null) {
        throw new RuleViolation("pattern_invalid", problem, "pattern");
      }
      Department department =
          entry.departmentId() == null ? null : em.find(Department.class, entry.departmentId());
      if (department == null || !department.tenantId().equals(by.tenantId())) {
        throw new NotFoundException("no such department");
      }
      try {
        after.add(
            new RoutingRule(
                by.tenantId(),
                site.id(),
                position++,
                kind,
                entry.pattern(),
                department.id(),
                entry.requiredSkill(),
                clock.now()));
      } catch (IllegalArgumentException refused) {
        throw new RuleViolation("bad_request", refused.getMessage(), "requiredSkill");
      }
    }
    JsonArray beforeJson = json(before);
    before.forEach(em::remove);
    em.flush();
    after.forEach(em::persist);
    auditLog.recordChange(
        by,
        Action.ROUTING_RULES,
        "site",
        site.id(),
        Jsonp.createObjectBuilder().add("rules", beforeJson).build(),
        Jsonp.createObjectBuilder().add("rules", json(after)).build());
    // Every node forgets the rules it kept (RoutingCache) once this commits.
    events.fire(new SiteChanged(by.tenantId(), site.id()));
    return after;
  }

  private static JsonArray json(List<RoutingRule> rules) {
    JsonArrayBuilder array = Jsonp.createArrayBuilder();
    for (RoutingRule rule : rules) {
      JsonObject json =
          Jsonp.createObjectBuilder()
              .add("kind", rule.kind().wire())
              .add("pattern", rule.pattern())
              .add("departmentId", rule.departmentId())
              .add("requiredSkill", rule.requiredSkill().orElse(""))
              .build();
      array.add(json);
    }
    return array.build();
  }
}
