package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.AuditEvent;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.web.control.AuditCsv;
import dev.kefu.web.control.AuditPeriod;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The audit log as CSV for the tenant's admins: {@code GET /api/v1/audit?from=&to=}. Oldest event
 * first, at most {@value #LIMIT} events per export; when the period holds more, the answer says so
 * in {@code Kefu-Export-Truncated} and links the rest with {@code Link: <…>; rel="next"}. Every
 * export is itself audited.
 */
@Path("audit")
@RequestScoped
public class AuditResource {

  public static final int LIMIT = 100_000;
  static final int PAGE = 1_000;
  private static final DateTimeFormatter FILE_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Inject Caller caller;
  @Inject AuditLog auditLog;
  @Inject Clock clock;

  @GET
  @Produces(AuditCsv.CONTENT_TYPE)
  public Response export(@QueryParam("from") String from, @QueryParam("to") String to) {
    Agent admin = caller.require(Role.ADMIN);
    AuditPeriod period;
    try {
      period = AuditPeriod.parse(from, to, clock.now());
    } catch (IllegalArgumentException e) {
      throw Caller.failure(Response.Status.BAD_REQUEST, "bad_request", e.getMessage());
    }
    String tenantId = admin.tenantId();
    Optional<Instant> rest = auditLog.firstBeyond(tenantId, period.from(), period.to(), LIMIT);
    auditLog.recordApart(
        caller.actor(),
        Action.AUDIT_EXPORT,
        "audit",
        null,
        Jsonp.createObjectBuilder()
            .add("from", period.from().toString())
            .add("to", period.to().toString())
            .add("truncated", rest.isPresent())
            .build());
    Response.ResponseBuilder answer =
        Response.ok(csv(tenantId, period), AuditCsv.CONTENT_TYPE)
            .header(
                "Content-Disposition",
                "attachment; filename=\"kefu-audit-"
                    + FILE_DATE.format(period.from())
                    + "-"
                    + FILE_DATE.format(period.to())
                    + ".csv\"")
            .header("Cache-Control", "no-store");
    rest.ifPresent(
        next ->
            answer
                .header("Kefu-Export-Truncated", LIMIT)
                .link(
                    UriBuilder.fromPath("audit")
                        .queryParam("from", next.toString())
                        .queryParam("to", period.to().toString())
                        .build(),
                    "next"));
    return answer.build();
  }

  /** The tenant's events of the period, oldest first, read a page at a time while written. */
  private StreamingOutput csv(String tenantId, AuditPeriod period) {
    return output -> {
      Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
      AuditCsv table = new AuditCsv(writer);
      table.begin();
      int written = 0;
      AuditEvent last = null;
      while (written < LIMIT) {
        List<AuditEvent> page =
            auditLog.page(
                tenantId, period.from(), period.to(), last, Math.min(PAGE, LIMIT - written));
        for (AuditEvent event : page) {
          table.write(event);
        }
        written += page.size();
        if (page.size() < PAGE) {
          break;
        }
        last = page.get(page.size() - 1);
      }
      writer.flush();
    };
  }
}
