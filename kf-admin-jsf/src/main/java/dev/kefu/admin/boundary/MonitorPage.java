package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.TableSort;
import dev.kefu.monitor.boundary.Invitations;
import dev.kefu.monitor.boundary.LiveVisitor;
import dev.kefu.monitor.boundary.LiveVisitors;
import dev.kefu.protection.boundary.Blocks;
import dev.kefu.shared.Clock;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.primefaces.PrimeFaces;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The live monitor: the visitors on the tenant's sites now, a page at a time from the database and
 * refreshed every few seconds, with an invitation to chat (in the signed-in admin's name) and a
 * block for each. The visitor being invited is kept on the server, never taken from the form.
 */
@Named
@ViewScoped
public class MonitorPage implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String INVITE_FORM = "inviteForm";

  /** The table's columns and the business's sort keys. */
  private static final Map<String, String> SORTS =
      Map.of(
          "site", "site",
          "pageTitle", "page",
          "minutesOnSite", "visitStartedAt",
          "conversationState", "chatting");

  @Inject CurrentAdmin admin;
  @Inject LiveVisitors liveVisitors;
  @Inject Invitations invitations;
  @Inject Blocks blocks;
  @Inject Clock clock;

  private final LazyDataModel<MonitorRow> rows = new Rows();
  private String filter;
  private String invited;
  private String inviteText;

  public LazyDataModel<MonitorRow> getRows() {
    return rows;
  }

  /** Opens the invitation dialog for the visitor. */
  public void startInvite(String visitorId) {
    invited = visitorId;
    inviteText = null;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Invites the visitor chosen in {@link #startInvite} in the admin's name. */
  public void invite() {
    try {
      invitations.invite(admin.agent().id(), invited, inviteText);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "monitor.invited");
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, INVITE_FORM);
    } catch (NotFoundException gone) {
      ConsoleMessages.at(INVITE_FORM, "rule.visitor_offline");
    }
  }

  /** Blocks the visitor of a row; their widget is closed at once. */
  public void block(String visitorId) {
    try {
      blocks.blockVisitor(admin.actor(), visitorId, null, null);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "protection.blocked", visitorId);
    } catch (RuleViolation refused) {
      ConsoleMessages.page(
          FacesMessage.SEVERITY_WARN,
          ConsoleMessages.has("rule." + refused.code()) ? "rule." + refused.code() : "edit.refused",
          refused.getMessage());
    }
  }

  private MonitorRow row(LiveVisitor v, Instant now) {
    return new MonitorRow(
        v.visitorId(),
        v.name(),
        v.siteName(),
        v.pageTitle(),
        v.pageUrl(),
        Math.max(0, Duration.between(v.visitStartedAt(), now).toMinutes()),
        v.browser(),
        v.device(),
        v.locale(),
        v.visits(),
        v.conversationState(),
        v.agentName());
  }

  /** The monitor's rows: counted, filtered, sorted and paged by the database. */
  private final class Rows extends LazyDataModel<MonitorRow> {

    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) Math.min(Integer.MAX_VALUE, liveVisitors.count(admin.tenantId(), filter));
    }

    @Override
    public List<MonitorRow> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      TableSort sort = TableSort.of(sortBy);
      Instant now = clock.now();
      return liveVisitors
          .page(
              admin.tenantId(),
              filter,
              first,
              pageSize,
              sort.fieldIn(SORTS, "lastSeenAt"),
              sort.ascending(false))
          .stream()
          .map(v -> row(v, now))
          .toList();
    }

    @Override
    public String getRowKey(MonitorRow row) {
      return row.visitorId();
    }

    @Override
    public MonitorRow getRowData(String rowKey) {
      return getWrappedData() == null
          ? null
          : getWrappedData().stream()
              .filter(r -> r.visitorId().equals(rowKey))
              .findFirst()
              .orElse(null);
    }
  }

  public String getFilter() {
    return filter;
  }

  public void setFilter(String filter) {
    this.filter = filter == null || filter.isBlank() ? null : filter.strip();
  }

  public String getInviteText() {
    return inviteText;
  }

  public void setInviteText(String inviteText) {
    this.inviteText = inviteText;
  }
}
