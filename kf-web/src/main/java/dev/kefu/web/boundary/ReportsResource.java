package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.report.boundary.Reports;
import dev.kefu.report.entity.Grouping;
import dev.kefu.report.entity.Report;
import dev.kefu.report.entity.ReportPeriod;
import dev.kefu.shared.RuleViolation;
import dev.kefu.web.control.AuditCsv;
import dev.kefu.web.control.Caller;
import dev.kefu.web.control.ReportCsv;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The console's reports as CSV for the tenant's admins: {@code GET
 * /api/v1/reports/{report}.csv?from=2026-11-01&to=2026-11-30&zone=Asia/Shanghai&group=agent}, where
 * {@code report} is {@code hours}, {@code days}, {@code wait}, {@code handle}, {@code missed} or
 * {@code satisfaction}. {@code from} and {@code to} are days, both included (default: the last 30
 * days up to today); {@code zone} defaults to the tenant's ({@link Reports#defaultZone}); {@code
 * group} is {@code all} (the default), {@code day}, {@code agent} or {@code department} and is
 * fixed for {@code hours} and {@code days}. Reading a report changes nothing and is not audited.
 */
@Path("reports")
@Tag(name = ApiDocs.TAG_HISTORY)
@RequestScoped
public class ReportsResource {

  static final int DEFAULT_DAYS = 30;

  @Inject Caller caller;
  @Inject Reports reports;

  @GET
  @Path("{report}.csv")
  @Produces(AuditCsv.CONTENT_TYPE)
  @Operation(
      summary = "Download a report as CSV",
      description =
          "Roles: kf-admin. report is hours, days, wait, handle, missed or satisfaction "
              + "(any other: 404); from and to are days, both included (the last 30 days by "
              + "default); zone defaults to the tenant's; group is all, day, agent or "
              + "department (400 otherwise). Not audited.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The CSV file.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response csv(
      @PathParam("report") String name,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("zone") String zone,
      @QueryParam("group") String group) {
    Agent admin = caller.require(Role.ADMIN);
    ReportCsv.Kind kind = ReportCsv.Kind.fromWire(name);
    if (kind == null) {
      throw Caller.failure(Response.Status.NOT_FOUND, "not_found", "no such report");
    }
    Grouping asked = group == null || group.isBlank() ? Grouping.ALL : Grouping.fromWire(group);
    if (asked == null || asked == Grouping.HOUR) {
      throw new RuleViolation("bad_request", "group is all, day, agent or department", "group");
    }
    ZoneId zoneId =
        zone == null || zone.isBlank()
            ? reports.defaultZone(admin.tenantId())
            : ReportPeriod.zoneNamed(zone);
    LocalDate last = day("to", to, LocalDate.now(zoneId));
    LocalDate first = day("from", from, last.minusDays(DEFAULT_DAYS - 1));
    ReportPeriod period = new ReportPeriod(first, last, zoneId);
    Grouping grouping = kind.grouping(asked);
    Report report =
        kind == ReportCsv.Kind.HOURS || kind == ReportCsv.Kind.DAYS
            ? reports.volume(admin.tenantId(), period, grouping)
            : reports.report(admin.tenantId(), period, grouping);
    StreamingOutput body =
        output ->
            new ReportCsv(
                    new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8)))
                .write(kind, report);
    return Response.ok(body, AuditCsv.CONTENT_TYPE)
        .header(
            "Content-Disposition",
            "attachment; filename=\"kefu-report-"
                + kind.wire()
                + "-"
                + first
                + "-"
                + last
                + ".csv\"")
        .header("Cache-Control", "no-store")
        .build();
  }

  private static LocalDate day(String field, String value, LocalDate otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new RuleViolation("bad_request", field + " must be a date such as 2026-11-01", field);
    }
  }
}
