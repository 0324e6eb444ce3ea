package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.TableSort;
import dev.kefu.agent.boundary.Agents;
import dev.kefu.conversation.entity.ConversationState;
import dev.kefu.erasure.boundary.Erased;
import dev.kefu.erasure.boundary.VisitorErasure;
import dev.kefu.history.boundary.ConversationHistory;
import dev.kefu.history.boundary.HistoryFilter;
import dev.kefu.history.boundary.HistorySort;
import dev.kefu.history.boundary.HistoryTranscript;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.WidgetSettings;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The conversations page: the history of the admin's own tenant searched by date range, site,
 * department, agent, visitor, rating, state and words, paged and sorted in the database; a
 * conversation opened with its messages, files, notes and system lines; the selection exported as
 * CSV or JSON through {@code /api/v1/history} (streamed, audited there). Dates are days in UTC, and
 * times are shown in UTC.
 */
@Named
@ViewScoped
public class ConversationsPage implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String FILTER_FORM = "filterForm";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Inject CurrentAdmin admin;
  @Inject ConversationHistory history;
  @Inject Sites sites;
  @Inject Departments departments;
  @Inject Agents agents;
  @Inject VisitorErasure erasure;

  private LocalDate from;
  private LocalDate to;
  private String siteId;
  private String departmentId;
  private String agentId;
  private String visitor;
  private String rating;
  private String state;
  private String words;

  private HistoryFilter filter = HistoryFilter.NONE;
  private boolean capped;
  private HistoryViews.Row transcriptRow;
  private List<HistoryViews.Line> transcriptLines;
  private boolean transcriptTruncated;
  private List<WidgetSettings.Answer> transcriptPrechat = List.of();
  private List<SelectItem> siteOptions;
  private List<SelectItem> departmentOptions;
  private List<SelectItem> agentOptions;
  private final Rows rows = new Rows(this);

  /** The lazy model of the result table: count and page are queries of their own. */
  public static final class Rows extends LazyDataModel<HistoryViews.Row> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, HistorySort> SORTS =
        Map.of(
            "createdAt",
            HistorySort.TIME,
            "rating",
            HistorySort.RATING,
            "state",
            HistorySort.STATE);
    private final ConversationsPage page;

    Rows(ConversationsPage page) {
      this.page = page;
    }

    /** Counted up to the history's limit; more is shown as "10000 or more". */
    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      long found = page.history.count(page.admin.tenantId(), page.filter);
      page.capped = found > ConversationHistory.COUNT_LIMIT;
      return (int) Math.min(found, ConversationHistory.COUNT_LIMIT);
    }

    @Override
    public List<HistoryViews.Row> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      TableSort asked = TableSort.of(sortBy);
      HistorySort sort = asked.fieldIn(SORTS, HistorySort.TIME);
      boolean ascending = asked.ascending(false);
      return page
          .history
          .page(page.admin.tenantId(), page.filter, sort, ascending, first, pageSize)
          .stream()
          .map(HistoryViews.Row::new)
          .toList();
    }

    @Override
    public String getRowKey(HistoryViews.Row row) {
      return row.getId();
    }

    @Override
    public HistoryViews.Row getRowData(String rowKey) {
      for (HistoryViews.Row row : getWrappedData()) {
        if (row.getId().equals(rowKey)) {
          return row;
        }
      }
      return null;
    }
  }

  /** Whether the search found more conversations than it counts. */
  public boolean isCapped() {
    return capped;
  }

  /** The words after the count under the table: one conversation, several, or more than counted. */
  public String getFoundText() {
    if (capped) {
      return ConsoleMessages.text("conversations.foundMore");
    }
    return ConsoleMessages.text(
        rows.getRowCount() == 1 ? "conversations.foundOne" : "conversations.found");
  }

  /** Takes the form's filter; a refusal (a bad range) is shown at its field. */
  public void search() {
    try {
      filter =
          new HistoryFilter(
              from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
              to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
              siteId,
              departmentId,
              agentId,
              visitor,
              rating == null || rating.isBlank() ? null : Integer.valueOf(rating),
              state == null || state.isBlank()
                  ? null
                  : ConversationState.valueOf(state.toUpperCase(Locale.ROOT)),
              words);
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, FILTER_FORM);
    }
  }

  /** Empties the form and shows every conversation again. */
  public void reset() {
    from = null;
    to = null;
    siteId = null;
    departmentId = null;
    agentId = null;
    visitor = null;
    rating = null;
    state = null;
    words = null;
    filter = HistoryFilter.NONE;
  }

  /** Opens a conversation of the tenant in the transcript dialog. */
  public void open(String conversationId) {
    try {
      HistoryTranscript transcript = history.transcript(admin.tenantId(), conversationId);
      transcriptRow = new HistoryViews.Row(transcript.conversation());
      transcriptLines = transcript.lines().stream().map(HistoryViews.Line::new).toList();
      transcriptTruncated = transcript.truncated();
      transcriptPrechat = transcript.prechat();
    } catch (NotFoundException gone) {
      transcriptRow = null;
      transcriptLines = List.of();
      transcriptPrechat = List.of();
      ConsoleMessages.page(
          jakarta.faces.application.FacesMessage.SEVERITY_WARN, "conversations.gone");
    }
  }

  /**
   * Erases the data of the open transcript's visitor at their request: every conversation of
   * theirs, not only this one (see {@link VisitorErasure}). The page says what went.
   */
  public void eraseVisitor() {
    if (transcriptRow == null) {
      return;
    }
    try {
      Erased erased = erasure.erase(admin.actor(), transcriptRow.getVisitorId());
      ConsoleMessages.page(
          jakarta.faces.application.FacesMessage.SEVERITY_INFO,
          "conversations.erased",
          erased.conversations(),
          erased.messages(),
          erased.files());
    } catch (NotFoundException gone) {
      ConsoleMessages.page(
          jakarta.faces.application.FacesMessage.SEVERITY_WARN, "conversations.eraseGone");
    }
    transcriptRow = null;
    transcriptLines = List.of();
    transcriptPrechat = List.of();
  }

  /** The CSV export of the current selection. */
  public String getCsvUrl() {
    return exportUrl("csv");
  }

  /** The JSON export of the current selection. */
  public String getJsonUrl() {
    return exportUrl("json");
  }

  private String exportUrl(String format) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("from", filter.from());
    query.put("to", filter.to());
    query.put("site", filter.siteId());
    query.put("department", filter.departmentId());
    query.put("agent", filter.agentId());
    query.put("visitor", filter.visitor());
    query.put("rating", filter.rating());
    query.put("state", filter.state() == null ? null : filter.state().wire());
    query.put("words", filter.words());
    StringBuilder url =
        new StringBuilder(
                FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath())
            .append("/api/v1/history/conversations.")
            .append(format);
    char separator = '?';
    for (Map.Entry<String, Object> entry : query.entrySet()) {
      if (entry.getValue() != null) {
        url.append(separator)
            .append(entry.getKey())
            .append('=')
            .append(URLEncoder.encode(entry.getValue().toString(), StandardCharsets.UTF_8));
        separator = '&';
      }
    }
    return url.toString();
  }

  /** A time as the page shows it (UTC). */
  public String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }

  /** A download link of a file of the transcript, for the signed-in admin. */
  public String fileUrl(HistoryViews.Line line) {
    return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath()
        + "/api/v1/files/"
        + URLEncoder.encode(line.getFileId(), StandardCharsets.UTF_8);
  }

  /** The first words of a row, cut for the table. */
  public String firstWords(HistoryViews.Row row) {
    String text = row.getFirstWords();
    if (text == null) {
      return "";
    }
    return text.codePointCount(0, text.length()) <= 60
        ? text
        : text.substring(0, text.offsetByCodePoints(0, 60)) + "…";
  }

  public List<SelectItem> getSiteOptions() {
    if (siteOptions == null) {
      siteOptions =
          sites.of(admin.tenantId()).stream().map(s -> new SelectItem(s.id(), s.name())).toList();
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

  public List<SelectItem> getAgentOptions() {
    if (agentOptions == null) {
      agentOptions =
          agents.of(admin.tenantId()).stream()
              .map(a -> new SelectItem(a.id(), a.displayName()))
              .toList();
    }
    return agentOptions;
  }

  public Rows getRows() {
    return rows;
  }

  /** The opened conversation's row, or null before one is opened. */
  public HistoryViews.Row getTranscript() {
    return transcriptRow;
  }

  public List<HistoryViews.Line> getTranscriptLines() {
    return transcriptLines;
  }

  /** The visitor's pre-chat answers of the open transcript, under the form's labels. */
  public List<WidgetSettings.Answer> getTranscriptPrechat() {
    return transcriptPrechat;
  }

  public boolean isTranscriptTruncated() {
    return transcriptTruncated;
  }

  public LocalDate getFrom() {
    return from;
  }

  public void setFrom(LocalDate from) {
    this.from = from;
  }

  public LocalDate getTo() {
    return to;
  }

  public void setTo(LocalDate to) {
    this.to = to;
  }

  public String getSiteId() {
    return siteId;
  }

  public void setSiteId(String siteId) {
    this.siteId = siteId;
  }

  public String getDepartmentId() {
    return departmentId;
  }

  public void setDepartmentId(String departmentId) {
    this.departmentId = departmentId;
  }

  public String getAgentId() {
    return agentId;
  }

  public void setAgentId(String agentId) {
    this.agentId = agentId;
  }

  public String getVisitor() {
    return visitor;
  }

  public void setVisitor(String visitor) {
    this.visitor = visitor;
  }

  public String getRating() {
    return rating;
  }

  public void setRating(String rating) {
    this.rating = rating;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getWords() {
    return words;
  }

  public void setWords(String words) {
    this.words = words;
  }
}
