package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.TableSort;
import dev.kefu.agent.boundary.Accounts;
import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.boundary.Staff;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.entity.Department;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.primefaces.PrimeFaces;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The staff page: the tenant's accounts, a page at a time, filtered and sorted in the database; the
 * dialog that creates an account or changes one (user name, name, roles, departments, capacity,
 * skills, whether the tenant's own statuses are allowed), saved in one transaction; disabling and
 * enabling; a new password set by the admin. With the identity provider ({@code kf.auth.mode=oidc})
 * there is no creating and no password: user names, names and roles come from the provider and are
 * only shown. The account being edited is remembered on the server.
 */
@Named
@ViewScoped
public class StaffPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(StaffPage.class.getName());

  static final String EDIT_FORM = "editForm";
  static final String PASSWORD_FORM = "passwordForm";
  static final List<String> ROLES = List.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN);

  @Inject CurrentAdmin admin;
  @Inject Staff staff;
  @Inject Accounts accounts;
  @Inject Memberships memberships;
  @Inject Departments departments;

  private final LazyDataModel<StaffRow> list = new StaffList();
  private List<SelectItem> departmentOptions;

  private String filterText;
  private String filterRole;
  private String filterDepartment;
  private String filterState;

  private boolean editing;
  private String agentId;
  private String username;
  private String name;
  private String password;
  private List<String> roles = new ArrayList<>(List.of(Role.AGENT));
  private List<String> departmentIds = new ArrayList<>();
  private Integer capacity = Agent.DEFAULT_CAPACITY;
  private String skills;
  private boolean customStatusAllowed = true;

  private String passwordAgentId;
  private String passwordUsername;
  private String newPassword;

  /** The list, loaded by the table a page at a time. */
  public LazyDataModel<StaffRow> getList() {
    return list;
  }

  /** Whether accounts are Kefu's own: creating and passwords are offered only then. */
  public boolean isLocal() {
    return accounts.local();
  }

  /** The tenant's departments, to choose from and to filter by. */
  public List<SelectItem> getDepartmentOptions() {
    if (departmentOptions == null) {
      departmentOptions =
          departments.of(admin.tenantId()).stream()
              .map(d -> new SelectItem(d.id(), d.name()))
              .toList();
    }
    return departmentOptions;
  }

  public List<String> getRoleOptions() {
    return ROLES;
  }

  /** Empties the dialog for a new account; the callback parameter {@code editing} opens it. */
  public void create() {
    if (!isLocal()) {
      return;
    }
    editing = false;
    agentId = null;
    username = null;
    name = null;
    password = null;
    roles = new ArrayList<>(List.of(Role.AGENT));
    departmentIds = new ArrayList<>();
    capacity = Agent.DEFAULT_CAPACITY;
    skills = null;
    customStatusAllowed = true;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Fills the dialog with the account's current settings, read afresh. */
  public void edit(String id) {
    Agent agent;
    try {
      agent = staff.get(admin.tenantId(), id);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "staff.notFound");
      return;
    }
    editing = true;
    agentId = agent.id();
    username = agent.username();
    name = agent.displayName();
    password = null;
    roles = new ArrayList<>(agent.roles());
    departmentIds = new ArrayList<>(memberships.departmentsOf(agent.id()));
    capacity = agent.capacity();
    skills = String.join(", ", agent.skills());
    customStatusAllowed = agent.customStatusAllowed();
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Saves the dialog in one transaction, audited; a refusal keeps it open at its field. */
  public void save() {
    Staff.Settings settings =
        new Staff.Settings(
            username,
            name,
            editing || password == null ? null : password.toCharArray(),
            roles,
            departmentIds,
            capacity == null ? -1 : capacity,
            skillList(skills),
            customStatusAllowed);
    try {
      Agent saved =
          editing
              ? staff.change(admin.actor(), agentId, settings)
              : staff.create(admin.actor(), settings);
      password = null;
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "staff.saved", saved.displayName());
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, EDIT_FORM, Map.of("departmentIds", "departments"));
    } catch (NotFoundException gone) {
      ConsoleMessages.at(EDIT_FORM, "staff.notFound");
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "saving account " + agentId + " failed", failed);
      ConsoleMessages.at(EDIT_FORM, "edit.failed");
    }
  }

  /** Disables the account (after the page's confirmation); audited. */
  public void disable(String id) {
    try {
      Agent agent = staff.disable(admin.actor(), id);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "staff.disabled", agent.displayName());
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, "staffForm");
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "staff.notFound");
    }
  }

  /** Enables a disabled account again; audited. */
  public void enable(String id) {
    try {
      Agent agent = staff.enable(admin.actor(), id);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "staff.enabled", agent.displayName());
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "staff.notFound");
    }
  }

  /** Opens the new-password dialog for the account. */
  public void choosePassword(String id) {
    try {
      Agent agent = staff.get(admin.tenantId(), id);
      passwordAgentId = agent.id();
      passwordUsername = agent.username();
      newPassword = null;
      PrimeFaces.current().ajax().addCallbackParam("editing", true);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "staff.notFound");
    }
  }

  /** Gives the account the new password; audited without it. */
  public void resetPassword() {
    try {
      staff.resetPassword(
          admin.actor(), passwordAgentId, newPassword == null ? null : newPassword.toCharArray());
      newPassword = null;
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "staff.passwordSet", passwordUsername);
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, PASSWORD_FORM, Map.of("password", "newPassword"));
    } catch (NotFoundException gone) {
      ConsoleMessages.at(PASSWORD_FORM, "staff.notFound");
    }
  }

  /** Skills as typed: separated by commas, spaces or new lines. */
  static List<String> skillList(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split("[,，\\s]+")).filter(s -> !s.isBlank()).toList();
  }

  private Staff.Filter filter() {
    Boolean disabled =
        "disabled".equals(filterState)
            ? Boolean.TRUE
            : "enabled".equals(filterState) ? false : null;
    return new Staff.Filter(
        blankToNull(filterText),
        filterRole != null && ROLES.contains(filterRole) ? filterRole : null,
        blankToNull(filterDepartment),
        disabled);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Staff.Sort sort(String field) {
    return switch (field == null ? "" : field) {
      case "username" -> Staff.Sort.USERNAME;
      case "capacity" -> Staff.Sort.CAPACITY;
      case "created" -> Staff.Sort.CREATED;
      case "disabled" -> Staff.Sort.DISABLED;
      default -> Staff.Sort.NAME;
    };
  }

  /** The lazy model: a count query and a page query of the business per table request. */
  private final class StaffList extends LazyDataModel<StaffRow> {

    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) Math.min(Integer.MAX_VALUE, staff.count(admin.tenantId(), filter()));
    }

    @Override
    public List<StaffRow> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      TableSort asked = TableSort.of(sortBy);
      Staff.Sort sort = sort(asked.fieldOr(null));
      boolean ascending = asked.ascending(true);
      List<Agent> page = staff.page(admin.tenantId(), filter(), sort, ascending, first, pageSize);
      Map<String, String> departmentNames =
          departments.of(admin.tenantId()).stream()
              .collect(Collectors.toMap(Department::id, Department::name));
      Map<String, List<String>> memberOf =
          staff.departmentsOf(page.stream().map(Agent::id).toList());
      String self = admin.agent().id();
      return page.stream()
          .map(
              a ->
                  new StaffRow(
                      a.id(),
                      a.username(),
                      a.displayName(),
                      List.copyOf(a.roles()),
                      memberOf.getOrDefault(a.id(), List.of()).stream()
                          .map(d -> departmentNames.getOrDefault(d, d))
                          .toList(),
                      a.capacity(),
                      List.copyOf(a.skills()),
                      a.customStatusAllowed(),
                      a.disabled(),
                      a.id().equals(self)))
          .toList();
    }

    @Override
    public String getRowKey(StaffRow row) {
      return row.id();
    }

    @Override
    public StaffRow getRowData(String rowKey) {
      return null;
    }
  }

  public boolean isEditing() {
    return editing;
  }

  public String getFilterText() {
    return filterText;
  }

  public void setFilterText(String filterText) {
    this.filterText = filterText;
  }

  public String getFilterRole() {
    return filterRole;
  }

  public void setFilterRole(String filterRole) {
    this.filterRole = filterRole;
  }

  public String getFilterDepartment() {
    return filterDepartment;
  }

  public void setFilterDepartment(String filterDepartment) {
    this.filterDepartment = filterDepartment;
  }

  public String getFilterState() {
    return filterState;
  }

  public void setFilterState(String filterState) {
    this.filterState = filterState;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPassword() {
    return null;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public List<String> getRoles() {
    return roles;
  }

  public void setRoles(List<String> roles) {
    this.roles = roles == null ? new ArrayList<>() : new ArrayList<>(roles);
  }

  public List<String> getDepartmentIds() {
    return departmentIds;
  }

  public void setDepartmentIds(List<String> departmentIds) {
    this.departmentIds = departmentIds == null ? new ArrayList<>() : new ArrayList<>(departmentIds);
  }

  public Integer getCapacity() {
    return capacity;
  }

  public void setCapacity(Integer capacity) {
    this.capacity = capacity;
  }

  public String getSkills() {
    return skills;
  }

  public void setSkills(String skills) {
    this.skills = skills;
  }

  public boolean isCustomStatusAllowed() {
    return customStatusAllowed;
  }

  public void setCustomStatusAllowed(boolean customStatusAllowed) {
    this.customStatusAllowed = customStatusAllowed;
  }

  public String getPasswordUsername() {
    return passwordUsername;
  }

  public String getNewPassword() {
    return null;
  }

  public void setNewPassword(String newPassword) {
    this.newPassword = newPassword;
  }
}
