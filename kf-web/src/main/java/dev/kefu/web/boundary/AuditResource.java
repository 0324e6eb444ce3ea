package dev.kefu.web.boundary;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.AuditEvent;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.web.control.AuditCsv;
import dev.kefu.web.control.AuditJson;
import dev.kefu.web.control.AuditPeriod;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The audit log as CSV (or JSON with {@code format=json}) for the tenant's admins: {@code GET
 * /api/v1/audit?from=&to=}, narrowed by the same filters as the admin console's search: {@code
 * actor} (a user name, or an agent id), {@code action}, {@code objectType}, {@code objectId},
 * {@code source}, {@code ip}. Oldest event first, at most {@value #LIMIT} events per export; when
 * the period holds more, the answer says so in {@code Kefu-Export-Truncated} and links the rest
 * with {@code Link: <…>; rel="next"}. Every export is itself audited. The console's export buttons
 * link here with the console's current filter.
 */
@Path("audit")
@Tag(name = ApiDocs.TAG_AUDIT)
@RequestScoped
public class AuditResource {

  public static final int LIMIT = 100_000;
  static final int PAGE = 1_000;
  private static final DateTimeFormatter FILE_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Inject Caller caller;
  @Inject AuditLog auditLog;
  @Inject Clock clock;
  @Inject Agents agents;

  @GET
  @Produces({AuditCsv.CONTENT_TYPE, MediaType.APPLICATION_JSON})
  @Operation(
      summary = "Export the audit log",
      description =
          "Roles: kf-admin. The tenant's events from from to to, narrowed by actor, "
              + "action, objectType, objectId, source and ip; CSV, or JSON with format=json. "
              + "Oldest first, at most 100,000 events; when there are more, the header "
              + "Kefu-Export-Truncated says so and Link names the rest. The export is audited.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The CSV or JSON file.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Response export(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("objectType") String objectType,
      @QueryParam("objectId") String objectId,
      @QueryParam("source") String source,
      @QueryParam("ip") String ip,
      @QueryParam("format") String format) {
    Agent admin = caller.require(Role.ADMIN);
    AuditPeriod period;
    try {
      period = AuditPeriod.parse(from, to, clock.now());
    } catch (IllegalArgumentException e) {
      throw Caller.failure(Response.Status.BAD_REQUEST, "bad_request", e.getMessage());
    }
    boolean json = "json".equals(format);
    if (format != null && !json && !"csv".equals(format)) {
      throw Caller.failure(Response.Status.BAD_REQUEST, "bad_request", "format is csv or json");
    }
    AuditLog.Filter filter =
        new AuditLog.Filter(
            period.from(), period.to(), actors(actor), action, objectType, objectId, source, ip);
    String tenantId = admin.tenantId();
    Optional<Instant> rest = auditLog.firstBeyond(tenantId, filter, LIMIT);
    JsonObjectBuilder detail =
        Jsonp.createObjectBuilder()
            .add("from", period.from().toString())
            .add("to", period.to().toString())
            .add("truncated", rest.isPresent());
    Map.of(
            "actor", nullToEmpty(actor),
            "action", nullToEmpty(action),
            "objectType", nullToEmpty(objectType),
            "objectId", nullToEmpty(objectId),
            "source", nullToEmpty(source),
            "ip", nullToEmpty(ip))
        .forEach(
            (name, value) -> {
              if (!value.isBlank()) {
                detail.add(name, value);
              }
            });
    if (json) {
      detail.add("format", "json");
    }
    auditLog.recordApart(caller.actor(), Action.AUDIT_EXPORT, "audit", null, detail.build());
    Response.ResponseBuilder answer =
        Response.ok(
                json ? jsonArray(tenantId, filter) : csv(tenantId, filter),
                json ? JSON_TYPE : AuditCsv.CONTENT_TYPE)
            .header(
                "Content-Disposition",
                "attachment; filename=\"kefu-audit-"
                    + FILE_DATE.format(period.from())
                    + "-"
                    + FILE_DATE.format(period.to())
                    + (json ? ".json" : ".csv")
                    + "\"")
            .header("Cache-Control", "no-store");
    rest.ifPresent(
        next -> {
          UriBuilder link =
              UriBuilder.fromPath("audit")
                  .queryParam("from", next.toString())
                  .queryParam("to", period.to().toString());
          Map.of(
                  "actor", nullToEmpty(actor),
                  "action", nullToEmpty(action),
                  "objectType", nullToEmpty(objectType),
                  "objectId", nullToEmpty(objectId),
                  "source", nullToEmpty(source),
                  "ip", nullToEmpty(ip),
                  "format", nullToEmpty(format))
              .forEach(
                  (name, value) -> {
                    if (!value.isBlank()) {
                      link.queryParam(name, value);
                    }
                  });
          answer.header("Kefu-Export-Truncated", LIMIT).link(link.build(), "next");
        });
    return answer.build();
  }

  private static final String JSON_TYPE = "application/json; charset=UTF-8";

  /**
   * The actor as the log records it: an agent's id for what staff did, the user name as typed for a
   * sign-in attempt. A user name of the tenant asks for both.
   */
  private List<String> actors(String actor) {
    if (actor == null || actor.isBlank()) {
      return List.of();
    }
    String name = actor.strip();
    return agents
        .withUserName(name)
        .map(account -> List.of(name, account.id()))
        .orElse(List.of(name));
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  /** The tenant's matching events, oldest first, read a page at a time while written. */
  private StreamingOutput csv(String tenantId, AuditLog.Filter filter) {
    return output -> {
      Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
      AuditCsv table = new AuditCsv(writer);
      table.begin();
      eachEvent(tenantId, filter, table::write);
      writer.flush();
    };
  }

  /** The same events as a JSON array of objects, the detail as the JSON it is. */
  private StreamingOutput jsonArray(String tenantId, AuditLog.Filter filter) {
    return output -> {
      Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
      try (JsonGenerator json = Jsonp.provider().createGenerator(writer)) {
        json.writeStartArray();
        eachEvent(tenantId, filter, event -> AuditJson.write(json, event));
        json.writeEnd();
      }
    };
  }

  /** What is done with each exported event. */
  @FunctionalInterface
  private interface EventSink {
    void accept(AuditEvent event) throws IOException;
  }

  private void eachEvent(String tenantId, AuditLog.Filter filter, EventSink sink)
      throws IOException {
    int written = 0;
    AuditEvent last = null;
    while (written < LIMIT) {
      List<AuditEvent> page =
          auditLog.page(tenantId, filter, last, Math.min(PAGE, LIMIT - written));
      for (AuditEvent event : page) {
        sink.accept(event);
      }
      written += page.size();
      if (page.size() < PAGE) {
        break;
      }
      last = page.get(page.size() - 1);
    }
  }
}
