package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.ImportAnswer;
import dev.kefu.admin.control.PlatformOperator;
import dev.kefu.admin.control.TableSort;
import dev.kefu.agent.boundary.Agents;
import dev.kefu.portability.boundary.TenantMoves;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Tenants;
import dev.kefu.tenant.control.TenantScope;
import dev.kefu.tenant.entity.Tenant;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.primefaces.PrimeFaces;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The platform operator's tenants page (multi-tenant installations only): the tenants with their
 * counts of agents and sites, read a page at a time; founding a tenant with its first admin;
 * suspending and resuming one; its limits on agents and sites; moving one between installations
 * (export, import, removal). Every change is the business's one call and audited as the operator's.
 *
 * <p>Exports and imports do not pass through the page: an export is a link to the tenants API,
 * which streams it; an import is sent by the page's script to the API as the request body, since a
 * page post is bounded by {@code kf.http.console-max-bytes} and an export is as large as its
 * tenant. The page then says what the API answered ({@link #imported}).
 */
@Named
@ViewScoped
public class TenantsPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(TenantsPage.class.getName());
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  static final String CREATE_FORM = "createForm";
  static final String LIMITS_FORM = "limitsForm";
  static final String IMPORT_FORM = "importForm";

  @Inject PlatformOperator operator;
  @Inject Tenants tenants;
  @Inject Agents agents;
  @Inject TenantMoves moves;

  private String nameFilter;
  private String status = "all";
  private final Rows rows = new Rows();

  private String newName;
  private String newAdminUsername;
  private String newAdminPassword;

  private String limitedId;
  private String limitedName;
  private Integer maxAgents;
  private Integer maxSites;

  public LazyDataModel<TenantRow> getRows() {
    return rows;
  }

  /** Runs the search in the form from the table's first page. */
  public void search() {
    if (FacesContext.getCurrentInstance().getViewRoot().findComponent(":tenantsForm:tenantsTable")
        instanceof DataTable table) {
      table.setFirst(0);
    }
  }

  /** Empties the dialog for a new tenant; the callback parameter {@code editing} opens it. */
  public void startCreate() {
    operator.agent();
    newName = null;
    newAdminUsername = null;
    newAdminPassword = null;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /**
   * Founds the tenant with its first admin, department and site in one transaction; a refusal (a
   * user name taken in any tenant) is shown at its field and the dialog stays open.
   */
  public void create() {
    try {
      Tenants.Founded founded =
          tenants.found(
              operator.actor(),
              newName,
              newAdminUsername,
              newAdminPassword == null ? null : newAdminPassword.toCharArray());
      newAdminPassword = null;
      ConsoleMessages.page(
          FacesMessage.SEVERITY_INFO,
          "tenants.created",
          founded.tenant().name(),
          founded.adminUsername(),
          founded.site().siteKey());
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(
          refused,
          CREATE_FORM,
          Map.of("name", "name", "adminUsername", "adminUsername", "adminPassword", "password"));
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "founding a tenant failed", failed);
      ConsoleMessages.at(CREATE_FORM, "common.failed");
    }
  }

  /** Suspends the tenant: its staff are signed out and cannot sign in, its widgets refused. */
  public void suspend(String tenantId) {
    try {
      Tenant tenant = tenants.suspend(operator.actor(), tenantId);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "tenants.suspended", tenant.name());
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, "tenantsForm");
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "tenants.notFound");
    }
  }

  public void resume(String tenantId) {
    try {
      Tenant tenant = tenants.resume(operator.actor(), tenantId);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "tenants.resumed", tenant.name());
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "tenants.notFound");
    }
  }

  /**
   * Removes a suspended tenant with every row and file it has (after the page's confirmation) and
   * says how much went; refused for an active tenant ({@code tenant_active}) and the operator's own
   * ({@code own_tenant}).
   */
  public void remove(String tenantId) {
    try {
      String name = tenants.get(tenantId).name();
      TenantMoves.Counts gone = moves.delete(operator.actor(), tenantId);
      ConsoleMessages.page(
          FacesMessage.SEVERITY_INFO, "tenants.removed", name, total(gone), gone.files());
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, "tenantsForm");
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "tenants.notFound");
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "removing a tenant failed", failed);
      ConsoleMessages.at("tenantsForm", "tenants.removeFailed");
    }
  }

  /**
   * Says, beside the import's file field, what the tenants API answered to the page's import (the
   * request parameters {@code status} and {@code answer}, which the page's script passes on): the
   * tenant imported with its counts, or the refusal in the page's language.
   */
  public void imported() {
    operator.agent();
    Map<String, String> parameters =
        FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap();
    ImportAnswer answer = ImportAnswer.of(parameters.get("status"), parameters.get("answer"));
    FacesContext faces = FacesContext.getCurrentInstance();
    if (answer.imported()) {
      Tenant tenant;
      try {
        tenant = tenants.get(answer.tenantId());
      } catch (NotFoundException notHere) {
        // The answer named a tenant this installation does not have: nothing to vouch for.
        ConsoleMessages.at(IMPORT_FORM, "tenants.importFailed");
        return;
      }
      faces.addMessage(
          IMPORT_FORM,
          new FacesMessage(
              FacesMessage.SEVERITY_INFO,
              ConsoleMessages.text(
                  tenant.suspendedAt().isPresent()
                      ? "tenants.importedSuspended"
                      : "tenants.imported",
                  tenant.name(),
                  tenant.id(),
                  answer.rows(),
                  answer.files()),
              null));
      return;
    }
    switch (answer.code()) {
      case ImportAnswer.SIGNED_OUT -> ConsoleMessages.at(IMPORT_FORM, "tenants.importSignedOut");
      case ImportAnswer.FAILED -> ConsoleMessages.at(IMPORT_FORM, "tenants.importFailed");
      default ->
          ConsoleMessages.refused(new RuleViolation(answer.code(), answer.message()), IMPORT_FORM);
    }
  }

  private static long total(TenantMoves.Counts counts) {
    return counts.rows().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Fills the limits dialog with the tenant's current limits, read afresh. */
  public void editLimits(String tenantId) {
    operator.agent();
    try {
      Tenant tenant = tenants.get(tenantId);
      limitedId = tenant.id();
      limitedName = tenant.name();
      maxAgents = tenant.maxAgents().orElse(null);
      maxSites = tenant.maxSites().orElse(null);
      PrimeFaces.current().ajax().addCallbackParam("editing", true);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "tenants.notFound");
    }
  }

  public void saveLimits() {
    try {
      Tenant tenant = tenants.changeLimits(operator.actor(), limitedId, maxAgents, maxSites);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "tenants.limitsSaved", tenant.name());
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, LIMITS_FORM);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "tenants.notFound");
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    }
  }

  /** The lazy model: a count query and a page query of the business per table request. */
  private final class Rows extends LazyDataModel<TenantRow> {

    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      operator.agent();
      return (int) Math.min(Integer.MAX_VALUE, tenants.count(nameFilter, status()));
    }

    @Override
    public List<TenantRow> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      operator.agent();
      TableSort sort = TableSort.of(sortBy);
      List<Tenant> page =
          tenants.page(
              nameFilter,
              status(),
              sort.fieldOr("createdAt"),
              sort.ascending(true),
              first,
              pageSize);
      String own = operator.agent().tenantId();
      List<String> ids = page.stream().map(Tenant::id).toList();
      // Counted across tenants: the operator's own requests are scoped to their own tenant.
      Map<String, Long> agentCounts = TenantScope.acrossTenants(() -> agents.countsByTenant(ids));
      Map<String, Long> siteCounts = tenants.siteCounts(ids);
      return page.stream()
          .map(
              t ->
                  new TenantRow(
                      t.id(),
                      t.name(),
                      SHOWN.format(t.createdAt()),
                      t.suspendedAt().map(SHOWN::format).orElse(null),
                      agentCounts.getOrDefault(t.id(), 0L),
                      siteCounts.getOrDefault(t.id(), 0L),
                      t.maxAgents().orElse(null),
                      t.maxSites().orElse(null),
                      t.id().equals(own)))
          .toList();
    }

    @Override
    public String getRowKey(TenantRow row) {
      return row.id();
    }

    @Override
    public TenantRow getRowData(String rowKey) {
      return null;
    }
  }

  private Tenants.Status status() {
    return switch (status == null ? "" : status) {
      case "active" -> Tenants.Status.ACTIVE;
      case "suspended" -> Tenants.Status.SUSPENDED;
      default -> Tenants.Status.ALL;
    };
  }

  public String getNameFilter() {
    return nameFilter;
  }

  public void setNameFilter(String nameFilter) {
    this.nameFilter = nameFilter;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public String getNewAdminUsername() {
    return newAdminUsername;
  }

  public void setNewAdminUsername(String newAdminUsername) {
    this.newAdminUsername = newAdminUsername;
  }

  public String getNewAdminPassword() {
    return null;
  }

  public void setNewAdminPassword(String newAdminPassword) {
    this.newAdminPassword = newAdminPassword;
  }

  public String getLimitedName() {
    return limitedName;
  }

  public Integer getMaxAgents() {
    return maxAgents;
  }

  public void setMaxAgents(Integer maxAgents) {
    this.maxAgents = maxAgents;
  }

  public Integer getMaxSites() {
    return maxSites;
  }

  public void setMaxSites(Integer maxSites) {
    this.maxSites = maxSites;
  }
}
