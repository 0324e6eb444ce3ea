package dev.kefu.admin.boundary;

import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.entity.Agent;
import dev.kefu.audit.entity.Actor;
import dev.kefu.routing.boundary.Routing;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.entity.BusinessHours;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.RoutingStrategy;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.primefaces.PrimeFaces;

/**
 * The departments page: the tenant's departments with their members, strategy and business hours,
 * and the dialog that creates one or changes one (name, strategy, timeouts, hours, holidays,
 * members). Only ever reads or changes departments of the signed-in admin's own tenant; the
 * department being edited is remembered on the server, never taken from the form.
 */
@Named
@ViewScoped
public class DepartmentsPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(DepartmentsPage.class.getName());

  static final String EDIT_FORM = "editForm";

  @Inject CurrentAdmin admin;
  @Inject Departments departments;
  @Inject Memberships memberships;
  @Inject Agents agents;
  @Inject Routing routing;

  private List<DepartmentRow> rows;
  private List<SelectItem> agentOptions;

  private boolean editing;
  private String departmentId;
  private String name;
  private String strategy = RoutingStrategy.LEAST_BUSY.wire();
  private Integer offerSeconds;
  private Integer agentGraceSeconds;
  private Integer visitorGoneSeconds;
  private String timeZone = "UTC";
  private String weeklyHours;
  private String holidays;
  private List<String> members = new ArrayList<>();

  public List<DepartmentRow> getRows() {
    if (rows == null) {
      Map<String, String> names =
          agents.of(admin.tenantId()).stream()
              .collect(Collectors.toMap(Agent::id, Agent::displayName));
      rows =
          departments.of(admin.tenantId()).stream()
              .map(d -> row(d, id -> names.getOrDefault(id, id)))
              .toList();
    }
    return rows;
  }

  /** The tenant's staff to choose members from. */
  public List<SelectItem> getAgentOptions() {
    if (agentOptions == null) {
      agentOptions =
          agents.of(admin.tenantId()).stream()
              .map(a -> new SelectItem(a.id(), a.displayName()))
              .toList();
    }
    return agentOptions;
  }

  /** Empties the dialog for a new department; the callback parameter {@code editing} opens it. */
  public void create() {
    editing = false;
    departmentId = null;
    name = null;
    strategy = RoutingStrategy.LEAST_BUSY.wire();
    offerSeconds = null;
    agentGraceSeconds = null;
    visitorGoneSeconds = null;
    timeZone = "UTC";
    weeklyHours = null;
    holidays = null;
    members = new ArrayList<>();
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Fills the dialog with the department's current settings, read afresh. */
  public void edit(String id) {
    Department department;
    try {
      department = departments.get(admin.tenantId(), id);
    } catch (NotFoundException gone) {
      rows = null;
      say(FacesMessage.SEVERITY_WARN, null, "departments.notFound");
      return;
    }
    editing = true;
    departmentId = department.id();
    name = department.name();
    strategy = department.strategy().wire();
    offerSeconds = department.offerSeconds().orElse(null);
    agentGraceSeconds = department.agentGraceSeconds().orElse(null);
    visitorGoneSeconds = department.visitorGoneSeconds().orElse(null);
    BusinessHours hours = department.businessHours();
    timeZone = hours.zone().getId();
    weeklyHours = hours.weeklyText();
    holidays = hours.holidaysText();
    members = new ArrayList<>(memberships.membersOf(department.id()));
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Saves the dialog, audited as this admin's change; a refusal keeps it open with the reason. */
  public void save() {
    Actor by = admin.actor();
    BusinessHours hours;
    try {
      hours = BusinessHours.parse(timeZone, weeklyHours, holidays);
    } catch (IllegalArgumentException wrong) {
      say(FacesMessage.SEVERITY_ERROR, EDIT_FORM, "edit.refused", wrong.getMessage());
      return;
    }
    Departments.Settings settings =
        new Departments.Settings(
            name,
            RoutingStrategy.fromWire(strategy),
            offerSeconds,
            agentGraceSeconds,
            visitorGoneSeconds,
            hours);
    try {
      Department saved =
          editing
              ? departments.change(by, departmentId, settings)
              : departments.create(by, settings);
      memberships.change(by, saved.id(), members);
      rows = null;
      say(FacesMessage.SEVERITY_INFO, null, "departments.saved", saved.name());
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      say(FacesMessage.SEVERITY_ERROR, EDIT_FORM, "edit.refused", refused.getMessage());
    } catch (NotFoundException gone) {
      rows = null;
      say(FacesMessage.SEVERITY_WARN, null, "departments.notFound");
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "saving department " + departmentId + " failed", failed);
      say(FacesMessage.SEVERITY_ERROR, EDIT_FORM, "edit.failed");
    }
  }

  private DepartmentRow row(Department department, Function<String, String> agentName) {
    BusinessHours hours = department.businessHours();
    return new DepartmentRow(
        department.id(),
        department.name(),
        department.strategy().wire(),
        memberships.membersOf(department.id()).stream().map(agentName).toList(),
        hours.zone().getId(),
        hours.weeklyText(),
        hours.holidaysText(),
        routing.isOnline(department.id()));
  }

  public boolean isEditing() {
    return editing;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getStrategy() {
    return strategy;
  }

  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }

  public Integer getOfferSeconds() {
    return offerSeconds;
  }

  public void setOfferSeconds(Integer offerSeconds) {
    this.offerSeconds = offerSeconds;
  }

  public Integer getAgentGraceSeconds() {
    return agentGraceSeconds;
  }

  public void setAgentGraceSeconds(Integer agentGraceSeconds) {
    this.agentGraceSeconds = agentGraceSeconds;
  }

  public Integer getVisitorGoneSeconds() {
    return visitorGoneSeconds;
  }

  public void setVisitorGoneSeconds(Integer visitorGoneSeconds) {
    this.visitorGoneSeconds = visitorGoneSeconds;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public String getWeeklyHours() {
    return weeklyHours;
  }

  public void setWeeklyHours(String weeklyHours) {
    this.weeklyHours = weeklyHours;
  }

  public String getHolidays() {
    return holidays;
  }

  public void setHolidays(String holidays) {
    this.holidays = holidays;
  }

  public List<String> getMembers() {
    return members;
  }

  public void setMembers(List<String> members) {
    this.members = members == null ? new ArrayList<>() : new ArrayList<>(members);
  }

  private static void say(
      FacesMessage.Severity severity, String clientId, String key, Object... args) {
    FacesContext faces = FacesContext.getCurrentInstance();
    ResourceBundle bundle = faces.getApplication().getResourceBundle(faces, "msg");
    String text = bundle.getString(key);
    if (args.length > 0) {
      text = new MessageFormat(text, faces.getViewRoot().getLocale()).format(args);
    }
    faces.addMessage(clientId, new FacesMessage(severity, text, null));
  }
}
