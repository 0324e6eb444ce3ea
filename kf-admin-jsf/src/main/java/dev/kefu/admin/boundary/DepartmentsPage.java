package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.TableSort;
import dev.kefu.admin.control.TimeZoneChoices;
import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.boundary.DepartmentSetup;
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
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.primefaces.PrimeFaces;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

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
  @Inject DepartmentSetup setup;
  @Inject Language language;

  private final Rows model = new Rows();
  private String filterName;
  private List<SelectItem> agentOptions;

  private boolean editing;
  private String departmentId;
  private String name;
  private String strategy = RoutingStrategy.LEAST_BUSY.wire();
  private Integer offerSeconds;
  private Integer agentGraceSeconds;
  private Integer visitorGoneSeconds;
  private String timeZone = "UTC";
  private List<HoursRow> hours = new ArrayList<>();
  private List<LocalDate> holidays = new ArrayList<>();
  private List<String> members = new ArrayList<>();
  private List<SelectItem> timeZoneOptions;

  /** The table's rows, a page at a time from the database. */
  public LazyDataModel<DepartmentRow> getModel() {
    return model;
  }

  /** The departments of the table, filtered, sorted and paged by the database. */
  public class Rows extends LazyDataModel<DepartmentRow> {

    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) departments.countOf(admin.tenantId(), query(null, false));
    }

    @Override
    public List<DepartmentRow> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      TableSort sort = TableSort.of(sortBy);
      String field = sort.fieldOr(null);
      boolean descending = !sort.ascending(true);
      Map<String, String> names =
          agents.of(admin.tenantId()).stream()
              .collect(Collectors.toMap(Agent::id, Agent::displayName));
      return departments
          .pageOf(admin.tenantId(), query(field, descending), first, pageSize)
          .stream()
          .map(d -> row(d, id -> names.getOrDefault(id, id)))
          .toList();
    }

    @Override
    public String getRowKey(DepartmentRow row) {
      return row.id();
    }

    @Override
    public DepartmentRow getRowData(String rowKey) {
      return getWrappedData() == null
          ? null
          : getWrappedData().stream().filter(r -> r.id().equals(rowKey)).findFirst().orElse(null);
    }
  }

  private Departments.Query query(String sortBy, boolean descending) {
    return new Departments.Query(filterName, sortBy, descending);
  }

  /** The filter changed: the table starts again at its first page. */
  public void search() {
    UIComponent table =
        FacesContext.getCurrentInstance()
            .getViewRoot()
            .findComponent(":departmentsForm:departmentsTable");
    if (table instanceof DataTable data) {
      data.setFirst(0);
    }
  }

  public String getFilterName() {
    return filterName;
  }

  public void setFilterName(String filterName) {
    this.filterName = filterName;
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
    hours = new ArrayList<>();
    holidays = new ArrayList<>();
    members = new ArrayList<>();
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Fills the dialog with the department's current settings, read afresh. */
  public void edit(String id) {
    Department department;
    try {
      department = departments.get(admin.tenantId(), id);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "departments.notFound");
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
    this.hours = new ArrayList<>();
    for (BusinessHours.Opening opening : hours.openings()) {
      this.hours.add(
          new HoursRow(
              opening.day().name().substring(0, 3).toLowerCase(Locale.ROOT),
              opening.opens().toString(),
              opening.closes() == null ? "24:00" : opening.closes().toString()));
    }
    holidays = new ArrayList<>(hours.holidays());
    members = new ArrayList<>(memberships.membersOf(department.id()));
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** The time zones to pick from, labelled in the page's language with their offset now. */
  public List<SelectItem> getTimeZoneOptions() {
    if (timeZoneOptions == null) {
      timeZoneOptions = TimeZoneChoices.at(Instant.now(), language.getLocale());
    }
    return timeZoneOptions;
  }

  /** The days of the week to pick a row's day from, named in the page's language. */
  public List<SelectItem> getDayOptions() {
    List<SelectItem> days = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      days.add(
          new SelectItem(
              day.name().substring(0, 3).toLowerCase(Locale.ROOT),
              day.getDisplayName(TextStyle.FULL, language.getLocale())));
    }
    return days;
  }

  /** Adds a row of weekly hours: the day after the last row's, 09:00 to 18:00. */
  public void addHours() {
    String day = "mon";
    if (!hours.isEmpty()) {
      DayOfWeek last = dayOf(hours.get(hours.size() - 1).getDay());
      day = (last == null ? DayOfWeek.MONDAY : last.plus(1)).name().substring(0, 3);
    }
    hours.add(new HoursRow(day.toLowerCase(Locale.ROOT), "09:00", "18:00"));
  }

  public void removeHours(int index) {
    if (index >= 0 && index < hours.size()) {
      hours.remove(index);
    }
  }

  /**
   * Saves the dialog in one transaction (settings, hours, members), audited as this admin's change;
   * a refusal keeps it open with the reason beside its field.
   */
  public void save() {
    Actor by = admin.actor();
    try {
      BusinessHours businessHours = Departments.hours(timeZone, openings(), holidays);
      Departments.Settings settings =
          new Departments.Settings(
              name,
              RoutingStrategy.fromWire(strategy),
              offerSeconds,
              agentGraceSeconds,
              visitorGoneSeconds,
              businessHours);
      Department saved = setup.save(by, editing ? departmentId : null, settings, members);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "departments.saved", saved.name());
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      refused(refused);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "departments.notFound");
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "saving department " + departmentId + " failed", failed);
      ConsoleMessages.at(EDIT_FORM, "edit.failed");
    }
  }

  /**
   * Removes a department that is empty (no site, rule, conversation, left message or canned reply
   * refers to it), audited; otherwise says what still refers to it.
   */
  public void remove(String id) {
    try {
      Department department = departments.get(admin.tenantId(), id);
      Departments.Uses uses = departments.usesOf(admin.tenantId(), id);
      if (!uses.none()) {
        ConsoleMessages.page(
            FacesMessage.SEVERITY_ERROR,
            "departments.inUse",
            department.name(),
            uses.sites(),
            uses.rules(),
            uses.conversations(),
            uses.offlineMessages(),
            uses.cannedReplies());
        return;
      }
      departments.remove(admin.actor(), id);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "departments.removed", department.name());
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "departments.notFound");
    } catch (RuleViolation refused) {
      // Something came to refer to it between the look and the removal.
      ConsoleMessages.page(FacesMessage.SEVERITY_ERROR, "departments.inUseNow");
    }
  }

  /** The rows as openings; a row without both times is refused at that row. */
  private List<BusinessHours.Opening> openings() {
    List<BusinessHours.Opening> openings = new ArrayList<>();
    for (int i = 0; i < hours.size(); i++) {
      HoursRow row = hours.get(i);
      DayOfWeek day = dayOf(row.getDay());
      if (day == null || blank(row.getOpens()) || blank(row.getCloses())) {
        throw new RuleViolation(
            "hours_incomplete", "a row needs a day and two times", "hours." + i);
      }
      String closes = row.getCloses().strip();
      openings.add(
          new BusinessHours.Opening(
              day,
              LocalTime.parse(row.getOpens().strip()),
              closes.equals("24:00") ? null : LocalTime.parse(closes)));
    }
    return openings;
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private static DayOfWeek dayOf(String shortName) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().substring(0, 3).equalsIgnoreCase(shortName)) {
        return day;
      }
    }
    return null;
  }

  /**
   * A refusal beside its field: a row of hours at that row's closing time, the others through the
   * console's own mapping; the texts are this page's ({@code departments.rule.*}) where it has its
   * own words for them.
   */
  private void refused(RuleViolation refused) {
    String field = refused.field() == null ? "" : refused.field();
    if (field.startsWith("hours.")) {
      String key = "departments.rule." + refused.code();
      ConsoleMessages.at(
          EDIT_FORM + ":hours:" + field.substring("hours.".length()) + ":closes",
          ConsoleMessages.has(key) ? key : "edit.refused",
          refused.getMessage());
      return;
    }
    String key = "departments.rule." + refused.code() + "." + field;
    if (ConsoleMessages.has(key)) {
      ConsoleMessages.at(EDIT_FORM + ":" + field, key, refused.getMessage());
    } else {
      ConsoleMessages.refused(refused, EDIT_FORM, Map.of("hours", "addHours"));
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

  public List<HoursRow> getHours() {
    return hours;
  }

  public List<LocalDate> getHolidays() {
    return holidays;
  }

  public void setHolidays(List<LocalDate> holidays) {
    this.holidays = holidays == null ? new ArrayList<>() : new ArrayList<>(holidays);
  }

  public List<String> getMembers() {
    return members;
  }

  public void setMembers(List<String> members) {
    this.members = members == null ? new ArrayList<>() : new ArrayList<>(members);
  }
}
