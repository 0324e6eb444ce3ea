package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.TableSort;
import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.AuditEvent;
import dev.kefu.audit.entity.Source;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.Serializable;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.primefaces.PrimeFaces;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The audit log page: the tenant's events, searched in the database by period, actor, action,
 * object, source and address, a page at a time; one event's detail with its before and after; and
 * the current search exported as CSV or JSON by the audit API, which streams it. Times are UTC.
 */
@Named
@ViewScoped
public class AuditPage implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String FILTER_FORM = "filterForm";
  static final int DEFAULT_DAYS = 7;
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final JsonWriterFactory PRETTY =
      Jsonp.provider().createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

  @Inject CurrentAdmin admin;
  @Inject AuditLog auditLog;
  @Inject Agents agents;
  @Inject Clock clock;

  private LocalDateTime from;
  private LocalDateTime to;
  private String actor;
  private String action;
  private String objectType;
  private String objectId;
  private String source;
  private String ip;

  /** The search the table shows: the last one that was valid. */
  private Applied applied;

  private Map<String, String> userNames;
  private final Events events = new Events();

  private AuditRow shown;
  private String shownDetail;
  private String shownBefore;
  private String shownAfter;

  /** A search as the table and the export run it. */
  private record Applied(
      Instant from,
      Instant to,
      String actor,
      String action,
      String objectType,
      String objectId,
      String source,
      String ip)
      implements Serializable {}

  private Applied applied() {
    if (applied == null) {
      // The last days, everything in them, up to the next whole minute.
      Instant now = clock.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
      from = LocalDateTime.ofInstant(now.minus(Duration.ofDays(DEFAULT_DAYS)), ZoneOffset.UTC);
      to = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
      applied =
          new Applied(
              now.minus(Duration.ofDays(DEFAULT_DAYS)), now, null, null, null, null, null, null);
    }
    return applied;
  }

  /** A new search starts at the table's first page. */
  private static void firstPage() {
    if (FacesContext.getCurrentInstance().getViewRoot().findComponent(":auditForm:auditTable")
        instanceof DataTable table) {
      table.setFirst(0);
    }
  }

  /** The table's rows, read from the database a page at a time. */
  public LazyDataModel<AuditRow> getEvents() {
    applied();
    return events;
  }

  /**
   * Runs the search in the form: the table goes back to its first page. A period that ends before
   * it starts is refused at its end field, and the table keeps the last search.
   */
  public void search() {
    applied();
    if (from == null || to == null) {
      ConsoleMessages.at(FILTER_FORM + ":" + (from == null ? "from" : "to"), "audit.rangeMissing");
      return;
    }
    Instant start = from.toInstant(ZoneOffset.UTC);
    Instant end = to.toInstant(ZoneOffset.UTC);
    if (!start.isBefore(end)) {
      ConsoleMessages.at(FILTER_FORM + ":to", "audit.badRange");
      return;
    }
    applied =
        new Applied(
            start,
            end,
            blankToNull(actor),
            blankToNull(action),
            blankToNull(objectType),
            blankToNull(objectId),
            blankToNull(source),
            blankToNull(ip));
    firstPage();
  }

  /** Empties every filter but the period, and runs the search. */
  public void reset() {
    applied = null;
    actor = null;
    action = null;
    objectType = null;
    objectId = null;
    source = null;
    ip = null;
    applied();
    firstPage();
  }

  /** Opens one event with its detail; the callback parameter {@code shown} opens the dialog. */
  public void show(String eventId) {
    AuditEvent event = auditLog.find(admin.tenantId(), eventId).orElse(null);
    if (event == null) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "audit.notFound");
      return;
    }
    shown = row(event);
    shownDetail = null;
    shownBefore = null;
    shownAfter = null;
    JsonValue detail = parse(event.detail());
    if (detail instanceof JsonObject object
        && object.containsKey("before")
        && object.containsKey("after")) {
      shownBefore = pretty(object.get("before"));
      shownAfter = pretty(object.get("after"));
    } else if (detail != null) {
      shownDetail = pretty(detail);
    }
    PrimeFaces.current().ajax().addCallbackParam("shown", true);
  }

  /** The export of the current search as CSV, by the audit API (which streams and audits it). */
  public String getCsvUrl() {
    return exportUrl("csv");
  }

  public String getJsonUrl() {
    return exportUrl("json");
  }

  private String exportUrl(String format) {
    Applied search = applied();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("from", search.from().toString());
    query.put("to", search.to().toString());
    query.put("actor", search.actor());
    query.put("action", search.action());
    query.put("objectType", search.objectType());
    query.put("objectId", search.objectId());
    query.put("source", search.source());
    query.put("ip", search.ip());
    query.put("format", format);
    return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath()
        + "/api/v1/audit?"
        + query.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
  }

  /** The actions Kefu records, to choose one from. */
  public List<String> getActions() {
    return Action.known();
  }

  /** The ways in, to choose one from. */
  public List<String> getSources() {
    return Arrays.stream(Source.values()).map(Source::wire).toList();
  }

  private AuditLog.Filter filter(Applied search) {
    List<String> actors = new ArrayList<>();
    if (search.actor() != null) {
      actors.add(search.actor());
      agents.withUserName(search.actor()).ifPresent(account -> actors.add(account.id()));
    }
    return new AuditLog.Filter(
        search.from(),
        search.to(),
        actors,
        search.action(),
        search.objectType(),
        search.objectId(),
        search.source(),
        search.ip());
  }

  private AuditRow row(AuditEvent event) {
    return new AuditRow(
        event.id(),
        SHOWN.format(event.at()),
        userNames().getOrDefault(event.actor(), event.actor()),
        event.actorType(),
        event.action(),
        event.objectType(),
        event.objectId(),
        event.ip(),
        event.source());
  }

  /** The tenant's staff by id, so that the table names people rather than ids. */
  private Map<String, String> userNames() {
    if (userNames == null) {
      userNames =
          agents.of(admin.tenantId()).stream()
              .collect(Collectors.toMap(Agent::id, Agent::username, (a, b) -> a));
    }
    return userNames;
  }

  private static JsonValue parse(String detail) {
    if (detail == null || detail.isBlank()) {
      return null;
    }
    try {
      return Jsonp.createReader(detail).readValue();
    } catch (JsonException | IllegalStateException notJson) {
      return Jsonp.provider().createValue(detail);
    }
  }

  private static String pretty(JsonValue value) {
    if (value.getValueType() == JsonValue.ValueType.STRING) {
      return value.toString();
    }
    StringWriter text = new StringWriter();
    try (JsonWriter writer = PRETTY.createWriter(text)) {
      writer.write(value);
    }
    return text.toString().strip();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The lazy model: a count query and a page query of the business per table request. */
  private final class Events extends LazyDataModel<AuditRow> {

    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) Math.min(Integer.MAX_VALUE, auditLog.count(admin.tenantId(), filter(applied())));
    }

    @Override
    public List<AuditRow> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      TableSort sort = TableSort.of(sortBy);
      String field = sort.fieldOr("at");
      boolean ascending = sort.ascending(false);
      return auditLog
          .search(admin.tenantId(), filter(applied()), field, ascending, first, pageSize)
          .stream()
          .map(AuditPage.this::row)
          .toList();
    }

    @Override
    public String getRowKey(AuditRow row) {
      return row.id();
    }

    @Override
    public AuditRow getRowData(String rowKey) {
      return null;
    }
  }

  public LocalDateTime getFrom() {
    applied();
    return from;
  }

  public void setFrom(LocalDateTime from) {
    this.from = from;
  }

  public LocalDateTime getTo() {
    applied();
    return to;
  }

  public void setTo(LocalDateTime to) {
    this.to = to;
  }

  public String getActor() {
    return actor;
  }

  public void setActor(String actor) {
    this.actor = actor;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getObjectType() {
    return objectType;
  }

  public void setObjectType(String objectType) {
    this.objectType = objectType;
  }

  public String getObjectId() {
    return objectId;
  }

  public void setObjectId(String objectId) {
    this.objectId = objectId;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getIp() {
    return ip;
  }

  public void setIp(String ip) {
    this.ip = ip;
  }

  public AuditRow getShown() {
    return shown;
  }

  public String getShownDetail() {
    return shownDetail;
  }

  public String getShownBefore() {
    return shownBefore;
  }

  public String getShownAfter() {
    return shownAfter;
  }
}
