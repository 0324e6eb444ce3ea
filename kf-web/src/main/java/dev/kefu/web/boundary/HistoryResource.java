package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.history.boundary.ConversationHistory;
import dev.kefu.history.boundary.HistoryFilter;
import dev.kefu.history.boundary.HistoryRow;
import dev.kefu.history.boundary.HistoryTranscript;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.web.control.Caller;
import dev.kefu.web.control.HistoryExport;
import dev.kefu.web.control.HistoryParameters;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The conversation history of the admin's tenant: {@code GET /api/v1/history/conversations} (a page
 * and the count), {@code …/conversations/{id}} (the full transcript with files, notes and system
 * lines), and the whole selection as {@code …/conversations.csv} or {@code .json}, streamed in
 * keyset pages so that an export of any size holds one page at a time. Every export is audited with
 * its filter. Admins only.
 */
@Path("history")
@Tag(name = ApiDocs.TAG_HISTORY)
@RequestScoped
public class HistoryResource {

  static final int EXPORT_PAGE = 500;
  private static final DateTimeFormatter FILE_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A page of the search. */
  /**
   * A page of the search: {@code total} conversations found, counted up to {@link
   * ConversationHistory#COUNT_LIMIT}; {@code more} when there are more than that.
   */
  public record PageJson(long total, boolean more, List<HistoryRow> rows) {
    static PageJson of(long found, List<HistoryRow> rows) {
      return new PageJson(
          Math.min(found, ConversationHistory.COUNT_LIMIT),
          found > ConversationHistory.COUNT_LIMIT,
          rows);
    }
  }

  @Inject Caller caller;
  @Inject ConversationHistory history;
  @Inject AuditLog auditLog;
  @Inject Clock clock;

  @QueryParam("from")
  String from;

  @QueryParam("to")
  String to;

  @QueryParam("site")
  String site;

  @QueryParam("department")
  String department;

  @QueryParam("agent")
  String agent;

  @QueryParam("visitor")
  String visitor;

  @QueryParam("rating")
  String rating;

  @QueryParam("state")
  String state;

  @QueryParam("words")
  String words;

  @GET
  @Path("conversations")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Search the conversation history",
      description =
          "Roles: kf-admin. The tenant's conversations, filtered by from, to, site, "
              + "department, agent, visitor, rating, state and words; a page of them and how "
              + "many were found.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "{\"total\",\"more\",\"rows\":[…]}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public PageJson search(
      @QueryParam("sort") String sort,
      @QueryParam("order") @DefaultValue("desc") String order,
      @QueryParam("first") @DefaultValue("0") int first,
      @QueryParam("max") @DefaultValue("20") int max) {
    Agent admin = caller.require(Role.ADMIN);
    HistoryFilter filter = filter();
    ConversationHistory.HistoryPage page =
        history.search(
            admin.tenantId(),
            filter,
            HistoryParameters.sort(sort),
            "asc".equalsIgnoreCase(order),
            first,
            max);
    return PageJson.of(page.found(), page.rows());
  }

  @GET
  @Path("conversations/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Read one conversation of the history",
      description =
          "Roles: kf-admin. Its full transcript with files, notes and system lines; "
              + "another tenant's does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The transcript.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public HistoryTranscript transcript(@PathParam("id") String id) {
    Agent admin = caller.require(Role.ADMIN);
    return history.transcript(admin.tenantId(), id);
  }

  @GET
  @Path("conversations.csv")
  @Produces(HistoryExport.CSV)
  @Operation(
      summary = "Export the history as CSV",
      description =
          "Roles: kf-admin. Every conversation the filter selects (as for the search), "
              + "streamed; the export is audited.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The CSV file.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Response csv() {
    Agent admin = caller.require(Role.ADMIN);
    HistoryFilter filter = filter();
    audit("csv", filter);
    String tenantId = admin.tenantId();
    StreamingOutput body =
        output -> {
          Writer writer = writer(output);
          HistoryExport.Csv csv = new HistoryExport.Csv(writer);
          csv.begin();
          each(tenantId, filter, row -> csv.write(row));
          writer.flush();
        };
    return download(body, HistoryExport.CSV, "csv");
  }

  @GET
  @Path("conversations.json")
  @Produces(HistoryExport.JSON)
  @Operation(
      summary = "Export the history as JSON",
      description =
          "Roles: kf-admin. Every conversation the filter selects (as for the search), "
              + "streamed; the export is audited.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The JSON file.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Response json() {
    Agent admin = caller.require(Role.ADMIN);
    HistoryFilter filter = filter();
    audit("json", filter);
    String tenantId = admin.tenantId();
    StreamingOutput body =
        output -> {
          Writer writer = writer(output);
          HistoryExport.Json json = new HistoryExport.Json(writer);
          json.begin();
          each(tenantId, filter, json::write);
          json.end();
          writer.flush();
        };
    return download(body, HistoryExport.JSON, "json");
  }

  private interface RowWriter {
    void write(HistoryRow row) throws IOException;
  }

  /** Every row of the selection, newest first, read a keyset page at a time. */
  private void each(String tenantId, HistoryFilter filter, RowWriter out) throws IOException {
    HistoryRow last = null;
    while (true) {
      List<HistoryRow> page = history.after(tenantId, filter, last, EXPORT_PAGE);
      for (HistoryRow row : page) {
        out.write(row);
      }
      if (page.size() < EXPORT_PAGE) {
        return;
      }
      last = page.get(page.size() - 1);
    }
  }

  private HistoryFilter filter() {
    return HistoryParameters.filter(
        from, to, site, department, agent, visitor, rating, state, words);
  }

  /** Who exported what: the format and the filter (the visitor text included), never the rows. */
  private void audit(String format, HistoryFilter filter) {
    JsonObjectBuilder detail = Jsonp.createObjectBuilder().add("format", format);
    add(detail, "from", filter.from());
    add(detail, "to", filter.to());
    add(detail, "site", filter.siteId());
    add(detail, "department", filter.departmentId());
    add(detail, "agent", filter.agentId());
    add(detail, "visitor", filter.visitor());
    add(detail, "rating", filter.rating());
    add(detail, "state", filter.state() == null ? null : filter.state().wire());
    add(detail, "words", filter.words());
    auditLog.recordApart(
        caller.actor(), Action.CONVERSATION_EXPORT, "conversation", null, detail.build());
  }

  private static void add(JsonObjectBuilder detail, String name, Object value) {
    if (value != null) {
      detail.add(name, value.toString());
    }
  }

  private Response download(StreamingOutput body, String type, String extension) {
    return Response.ok(body, type)
        .header(
            "Content-Disposition",
            "attachment; filename=\"kefu-conversations-"
                + FILE_DATE.format(clock.now())
                + "."
                + extension
                + "\"")
        .header("Cache-Control", "no-store")
        .build();
  }

  private static Writer writer(java.io.OutputStream output) {
    return new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
  }
}
