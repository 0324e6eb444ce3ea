package dev.kefu.admin.boundary;

import dev.kefu.routing.boundary.RoutingRules;
import java.io.Serializable;

/**
 * One routing rule of the site on the routing page, as the page holds it between requests: what the
 * rule says and the name of its department. The page keeps the site's whole ordered list and saves
 * it whole, so a row needs no id of the database.
 */
public record RuleRow(
    String key,
    String kind,
    String pattern,
    String departmentId,
    String departmentName,
    String requiredSkill)
    implements Serializable {

  RoutingRules.Entry entry() {
    return new RoutingRules.Entry(kind, pattern, departmentId, requiredSkill);
  }

  public String getKey() {
    return key;
  }

  public String getKind() {
    return kind;
  }

  public String getPattern() {
    return pattern;
  }

  public String getDepartmentName() {
    return departmentName;
  }

  public String getRequiredSkill() {
    return requiredSkill;
  }
}
