package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.TableSort;
import dev.kefu.canned.boundary.CannedReplies;
import dev.kefu.canned.entity.CannedReply;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.entity.Department;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.primefaces.PrimeFaces;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The canned-replies page: the replies the tenant shares, with everyone or with one department,
 * paged, sorted and filtered by the database; the dialog creates one (choosing its scope) or
 * changes one. Agents' personal replies are theirs and never listed here. The reply being edited is
 * kept on the server.
 */
@Named
@ViewScoped
public class CannedPage implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String EDIT_FORM = "replyForm";

  /** The scope value that stands for the whole tenant. */
  static final String TENANT = "shared";

  @Inject CurrentAdmin admin;
  @Inject CannedReplies replies;
  @Inject Departments departments;

  private final Replies model = new Replies();
  private List<SelectItem> scopeOptions;
  private Map<String, String> departmentNames;

  private String filterText;
  private String filterScope;

  private String replyId;
  private String scope = TENANT;
  private String shortcut;
  private String text;

  /** One reply as the table shows it. */
  public record Row(String id, String shortcut, String text, String scope, Date updatedAt)
      implements Serializable {

    public String getId() {
      return id;
    }

    public String getShortcut() {
      return shortcut;
    }

    public String getText() {
      return text;
    }

    public String getScope() {
      return scope;
    }

    public Date getUpdatedAt() {
      return updatedAt;
    }
  }

  /** The table's rows, a page at a time from the database. */
  public class Replies extends LazyDataModel<Row> {

    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) replies.countSharedOf(admin.tenantId(), query(null, false));
    }

    @Override
    public List<Row> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      TableSort sort = TableSort.of(sortBy);
      String field = sort.fieldOr(null);
      boolean descending = !sort.ascending(true);
      List<Row> rows = new ArrayList<>();
      for (CannedReply reply :
          replies.sharedOf(admin.tenantId(), query(field, descending), first, pageSize)) {
        rows.add(row(reply));
      }
      return rows;
    }

    @Override
    public String getRowKey(Row row) {
      return row.id();
    }

    @Override
    public Row getRowData(String rowKey) {
      return getWrappedData() == null
          ? null
          : getWrappedData().stream().filter(r -> r.id().equals(rowKey)).findFirst().orElse(null);
    }
  }

  private CannedReplies.Query query(String sortBy, boolean descending) {
    return new CannedReplies.Query(filterText, blankToNull(filterScope), sortBy, descending);
  }

  private Row row(CannedReply reply) {
    String scopeName =
        reply.departmentId() == null
            ? ConsoleMessages.text("canned.scopeTenant")
            : departmentNames().getOrDefault(reply.departmentId(), reply.departmentId());
    Instant updated = reply.updatedAt();
    return new Row(reply.id(), reply.shortcut(), reply.text(), scopeName, Date.from(updated));
  }

  private Map<String, String> departmentNames() {
    if (departmentNames == null) {
      departmentNames = new java.util.HashMap<>();
      for (Department department : departments.of(admin.tenantId())) {
        departmentNames.put(department.id(), department.name());
      }
    }
    return departmentNames;
  }

  public LazyDataModel<Row> getModel() {
    return model;
  }

  /** Everyone, then each department of the tenant. */
  public List<SelectItem> getScopeOptions() {
    if (scopeOptions == null) {
      scopeOptions = new ArrayList<>();
      scopeOptions.add(new SelectItem(TENANT, ConsoleMessages.text("canned.scopeTenant")));
      for (Department department : departments.of(admin.tenantId())) {
        scopeOptions.add(new SelectItem(department.id(), department.name()));
      }
    }
    return scopeOptions;
  }

  /** The filters changed: the table starts again at its first page. */
  public void search() {
    UIComponent table =
        FacesContext.getCurrentInstance().getViewRoot().findComponent(":cannedForm:repliesTable");
    if (table instanceof DataTable data) {
      data.setFirst(0);
    }
  }

  public void create() {
    replyId = null;
    scope = TENANT;
    shortcut = null;
    text = null;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  public void edit(String id) {
    try {
      CannedReply reply = replies.keptBy(admin.agent(), id);
      replyId = reply.id();
      scope = reply.departmentId() == null ? TENANT : reply.departmentId();
      shortcut = reply.shortcut();
      text = reply.text();
      PrimeFaces.current().ajax().addCallbackParam("editing", true);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "canned.notFound");
    }
  }

  /** Saves the dialog in one business call, audited; a refusal stays beside its field. */
  public void save() {
    try {
      CannedReply saved =
          replyId == null
              ? replies.createShared(
                  admin.actor(), TENANT.equals(scope) ? null : scope, shortcut, text)
              : replies.change(admin.actor(), replyId, shortcut, text);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "canned.saved", saved.shortcut());
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      String key = "canned.rule." + refused.code() + "." + refused.field();
      if (refused.field() != null && ConsoleMessages.has(key)) {
        ConsoleMessages.at(EDIT_FORM + ":" + refused.field(), key);
      } else if (ConsoleMessages.has("canned.rule." + refused.code())) {
        ConsoleMessages.at(EDIT_FORM, "canned.rule." + refused.code());
      } else {
        ConsoleMessages.refused(refused, EDIT_FORM);
      }
    } catch (NotFoundException gone) {
      scopeOptions = null;
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "canned.notFound");
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    }
  }

  public void delete(String id) {
    try {
      String gone = replies.keptBy(admin.agent(), id).shortcut();
      replies.delete(admin.actor(), id);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "canned.deleted", gone);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "canned.notFound");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  public boolean isCreating() {
    return replyId == null;
  }

  public String getFilterText() {
    return filterText;
  }

  public void setFilterText(String filterText) {
    this.filterText = filterText;
  }

  public String getFilterScope() {
    return filterScope;
  }

  public void setFilterScope(String filterScope) {
    this.filterScope = filterScope;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public String getShortcut() {
    return shortcut;
  }

  public void setShortcut(String shortcut) {
    this.shortcut = shortcut;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }
}
