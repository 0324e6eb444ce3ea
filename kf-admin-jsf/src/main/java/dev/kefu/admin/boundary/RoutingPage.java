package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.agent.boundary.CustomStatuses;
import dev.kefu.agent.entity.CustomStatus;
import dev.kefu.routing.boundary.Routing;
import dev.kefu.routing.boundary.RoutingRules;
import dev.kefu.routing.entity.RoutingRule;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.primefaces.PrimeFaces;

/**
 * The routing page: a site's routing rules in the order they are tried (dragged into order, each
 * added, changed or removed through a dialog), a test box that asks the router where a page and a
 * language would go, and the tenant's custom statuses. Every change is one business call, audited;
 * the site, the rule and the status being edited are remembered on the server.
 */
@Named
@ViewScoped
public class RoutingPage implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String RULE_FORM = "ruleForm";
  static final String STATUS_FORM = "statusForm";
  static final String NEW_STATUS_FORM = "statusesForm";

  @Inject CurrentAdmin admin;
  @Inject Sites sites;
  @Inject Departments departments;
  @Inject RoutingRules routingRules;
  @Inject CustomStatuses customStatuses;

  private List<SelectItem> siteOptions;
  private List<SelectItem> departmentOptions;
  private String siteId;
  private List<RuleRow> rules;

  private Integer editIndex;
  private String kind = "url";
  private String pattern;
  private String departmentId;
  private String requiredSkill;

  private String testUrl;
  private String testLanguage;
  private String testAnswer;
  private String testReason;

  private List<StatusRow> statuses;
  private String newStatusName;
  private boolean newStatusAvailable;
  private String statusId;
  private String statusName;
  private boolean statusAvailable;

  /** The tenant's sites; the first is chosen until the admin picks another. */
  public List<SelectItem> getSiteOptions() {
    if (siteOptions == null) {
      siteOptions =
          sites.of(admin.tenantId()).stream()
              .map(s -> new SelectItem(s.id(), s.name()))
              .collect(Collectors.toCollection(ArrayList::new));
      if (siteId == null && !siteOptions.isEmpty()) {
        siteId = (String) siteOptions.get(0).getValue();
      }
    }
    return siteOptions;
  }

  public List<SelectItem> getDepartmentOptions() {
    if (departmentOptions == null) {
      departmentOptions =
          departments.of(admin.tenantId()).stream()
              .map(d -> new SelectItem(d.id(), d.name()))
              .toList();
    }
    return departmentOptions;
  }

  /** The chosen site's rules, in the order they are tried; the list dragging reorders. */
  public List<RuleRow> getRules() {
    getSiteOptions();
    if (rules == null) {
      rules = new ArrayList<>();
      if (siteId != null) {
        try {
          rules = rows(routingRules.of(admin.tenantId(), siteId));
        } catch (NotFoundException gone) {
          siteGone();
        }
      }
    }
    return rules;
  }

  /** Another site was chosen. */
  public void siteChanged() {
    rules = null;
    testAnswer = null;
    testReason = null;
  }

  /** The rows were dragged into a new order (the table moved them in the list): saved at once. */
  public void reordered() {
    if (store(new ArrayList<>(rules), null)) {
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "routing.reordered");
    }
  }

  public void newRule() {
    editIndex = null;
    kind = "url";
    pattern = null;
    departmentId = null;
    requiredSkill = null;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  public void editRule(int index) {
    RuleRow row = getRules().get(index);
    editIndex = index;
    kind = row.kind();
    pattern = row.pattern();
    departmentId = row.departmentId();
    requiredSkill = row.requiredSkill();
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Saves the dialog's rule into the site's list, as one replacement of the whole list. */
  public void saveRule() {
    List<RuleRow> after = new ArrayList<>(getRules());
    RuleRow edited =
        new RuleRow(
            UUID.randomUUID().toString(),
            kind,
            pattern,
            departmentId,
            null,
            blankToNull(requiredSkill));
    if (editIndex == null) {
      after.add(edited);
    } else {
      after.set(editIndex, edited);
    }
    if (store(after, RULE_FORM)) {
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "routing.saved", siteName());
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    }
  }

  public void deleteRule(int index) {
    List<RuleRow> after = new ArrayList<>(getRules());
    if (index < 0 || index >= after.size()) {
      return;
    }
    after.remove(index);
    if (store(after, null)) {
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "routing.deleted");
    }
  }

  /**
   * Replaces the site's rules with these, in this order; a refusal goes to the form given (at its
   * field) or to the page. Answers whether it was saved; the page shows the stored list either way.
   */
  private boolean store(List<RuleRow> after, String form) {
    try {
      List<RoutingRules.Entry> entries = after.stream().map(RuleRow::entry).toList();
      rules = rows(routingRules.replace(admin.actor(), siteId, entries));
      return true;
    } catch (RuleViolation refused) {
      rules = null;
      if (form == null) {
        ConsoleMessages.page(FacesMessage.SEVERITY_ERROR, "edit.refused", refused.getMessage());
      } else {
        refusedRule(refused);
      }
    } catch (NotFoundException gone) {
      rules = null;
      departmentOptions = null;
      if (form == null) {
        siteGone();
      } else {
        ConsoleMessages.at(form + ":department", "departments.notFound");
      }
    }
    return false;
  }

  private void refusedRule(RuleViolation refused) {
    String field = refused.field() == null ? "" : refused.field();
    String key =
        "pattern_invalid".equals(refused.code())
            ? "routing.rule.pattern_invalid." + kind
            : "routing.rule." + refused.code() + "." + field;
    if (ConsoleMessages.has(key)) {
      ConsoleMessages.at(RULE_FORM + ":" + field, key, refused.getMessage());
    } else if ("too_many".equals(refused.code())) {
      ConsoleMessages.at(RULE_FORM, "routing.rule.too_many", RoutingRules.MAX_RULES);
    } else {
      ConsoleMessages.refused(refused, RULE_FORM, Map.of("departmentId", "department"));
    }
  }

  /** Asks the router which department this page and language would get, and by which rule. */
  public void test() {
    testAnswer = null;
    testReason = null;
    try {
      Routing.Decision decision =
          routingRules.test(admin.tenantId(), siteId, testUrl, testLanguage);
      testAnswer = departmentName(decision.departmentId());
      RoutingRule rule = decision.rule();
      if (rule == null) {
        testReason = ConsoleMessages.text("routing.testByDefault");
      } else {
        testReason =
            ConsoleMessages.text(
                "routing.testByRule",
                rule.position() + 1,
                ConsoleMessages.text("routing.kind." + rule.kind().wire()),
                rule.pattern());
      }
      if (decision.requiredSkill() != null) {
        testReason += " " + ConsoleMessages.text("routing.testSkill", decision.requiredSkill());
      }
    } catch (NotFoundException gone) {
      siteGone();
    }
  }

  // ---- custom statuses

  /** A custom status of the tenant as the page lists it. */
  public record StatusRow(String id, String name, boolean available) implements Serializable {

    public String getId() {
      return id;
    }

    public String getName() {
      return name;
    }

    public boolean isAvailable() {
      return available;
    }
  }

  public List<StatusRow> getStatuses() {
    if (statuses == null) {
      statuses =
          customStatuses.of(admin.tenantId()).stream()
              .map(s -> new StatusRow(s.id(), s.name(), s.available()))
              .toList();
    }
    return statuses;
  }

  public void addStatus() {
    try {
      CustomStatus made = customStatuses.define(admin.actor(), newStatusName, newStatusAvailable);
      statuses = null;
      newStatusName = null;
      newStatusAvailable = false;
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "routing.statusSaved", made.name());
    } catch (RuleViolation refused) {
      refusedStatus(refused, NEW_STATUS_FORM, "newStatusName");
    }
  }

  public void editStatus(String id) {
    try {
      CustomStatus status = customStatuses.get(admin.tenantId(), id);
      statusId = status.id();
      statusName = status.name();
      statusAvailable = status.available();
      PrimeFaces.current().ajax().addCallbackParam("editing", true);
    } catch (NotFoundException gone) {
      statuses = null;
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "routing.statusGone");
    }
  }

  public void saveStatus() {
    try {
      CustomStatus saved =
          customStatuses.change(admin.actor(), statusId, statusName, statusAvailable);
      statuses = null;
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "routing.statusSaved", saved.name());
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      refusedStatus(refused, STATUS_FORM, "statusName");
    } catch (NotFoundException gone) {
      statuses = null;
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "routing.statusGone");
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    }
  }

  public void deleteStatus(String id) {
    try {
      String name = customStatuses.get(admin.tenantId(), id).name();
      customStatuses.remove(admin.actor(), id);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "routing.statusDeleted", name);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "routing.statusGone");
    }
    statuses = null;
  }

  private static void refusedStatus(RuleViolation refused, String form, String nameComponent) {
    String key = "routing.status.rule." + refused.code() + "." + refused.field();
    if (ConsoleMessages.has(key)) {
      ConsoleMessages.at(form + ":" + nameComponent, key);
    } else {
      ConsoleMessages.refused(refused, form, Map.of("name", nameComponent));
    }
  }

  // ---- helpers

  private List<RuleRow> rows(List<RoutingRule> stored) {
    List<RuleRow> rows = new ArrayList<>();
    for (RoutingRule rule : stored) {
      rows.add(
          new RuleRow(
              rule.id(),
              rule.kind().wire(),
              rule.pattern(),
              rule.departmentId(),
              departmentName(rule.departmentId()),
              rule.requiredSkill().orElse(null)));
    }
    return rows;
  }

  private String departmentName(String id) {
    try {
      Department department = departments.get(admin.tenantId(), id);
      return department.name();
    } catch (NotFoundException gone) {
      return id;
    }
  }

  private String siteName() {
    try {
      Site site = sites.get(admin.tenantId(), siteId);
      return site.name();
    } catch (NotFoundException gone) {
      return "";
    }
  }

  private void siteGone() {
    siteOptions = null;
    siteId = null;
    rules = new ArrayList<>();
    ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "routing.siteGone");
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  // ---- properties

  public String getSiteId() {
    return siteId;
  }

  public void setSiteId(String siteId) {
    this.siteId = siteId;
  }

  public boolean isEditingRule() {
    return editIndex != null;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getPattern() {
    return pattern;
  }

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  public String getDepartmentId() {
    return departmentId;
  }

  public void setDepartmentId(String departmentId) {
    this.departmentId = departmentId;
  }

  public String getRequiredSkill() {
    return requiredSkill;
  }

  public void setRequiredSkill(String requiredSkill) {
    this.requiredSkill = requiredSkill;
  }

  public String getTestUrl() {
    return testUrl;
  }

  public void setTestUrl(String testUrl) {
    this.testUrl = testUrl;
  }

  public String getTestLanguage() {
    return testLanguage;
  }

  public void setTestLanguage(String testLanguage) {
    this.testLanguage = testLanguage;
  }

  public String getTestAnswer() {
    return testAnswer;
  }

  public String getTestReason() {
    return testReason;
  }

  public String getNewStatusName() {
    return newStatusName;
  }

  public void setNewStatusName(String newStatusName) {
    this.newStatusName = newStatusName;
  }

  public boolean isNewStatusAvailable() {
    return newStatusAvailable;
  }

  public void setNewStatusAvailable(boolean newStatusAvailable) {
    this.newStatusAvailable = newStatusAvailable;
  }

  public String getStatusName() {
    return statusName;
  }

  public void setStatusName(String statusName) {
    this.statusName = statusName;
  }

  public boolean isStatusAvailable() {
    return statusAvailable;
  }

  public void setStatusAvailable(boolean statusAvailable) {
    this.statusAvailable = statusAvailable;
  }
}
