package dev.kefu.web.boundary;

import dev.kefu.conversation.boundary.TranscriptLine;
import dev.kefu.conversation.boundary.TranscriptPage;
import dev.kefu.conversation.boundary.Transcripts;
import dev.kefu.tenant.control.TenantScope;
import dev.kefu.web.control.Caller;
import dev.kefu.web.control.TranscriptDownloads;
import dev.kefu.web.control.TranscriptText;
import dev.kefu.web.control.VisitorCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The visitor's transcript of their own conversation, {@code GET
 * /api/v1/visitor/conversations/{id}/transcript?site=<siteKey>&locale=zh-CN&timeZone=Asia/Shanghai},
 * for the widget to save as a file: the visitor is known by their token in the header {@value
 * VisitorCaller#HEADER} ({@link VisitorCaller}), and another's conversation answers 404 as one that
 * does not exist. The text is written as its messages are read, a page at a time ({@link
 * Transcripts}), so no whole transcript is ever in memory; what a node spends on downloads is
 * bounded by {@link TranscriptDownloads}.
 *
 * <p>The text goes straight into the servlet response rather than through a JAX-RS entity: a client
 * that goes away mid-download is an everyday event, which ends the download with one log line here
 * instead of the runtime's error reports with stack traces.
 */
@Path("visitor/conversations/{conversationId}/transcript")
@Tag(name = ApiDocs.TAG_VISITORS)
@RequestScoped
public class VisitorTranscriptResource {

  private static final Logger LOG = Logger.getLogger(VisitorTranscriptResource.class.getName());

  @Inject VisitorCaller visitorCaller;
  @Inject Transcripts transcripts;
  @Inject TranscriptDownloads downloads;
  @Context HttpServletRequest request;
  @Context HttpServletResponse response;

  @GET
  @Operation(
      summary = "Download the visitor's transcript",
      description =
          "Roles: visitor. The visitor's own conversation as a text file, with their "
              + "token in X-Kefu-Visitor and the site's key in ?site=; locale and timeZone "
              + "shape the text. Staff credentials count for nothing here (401 without a "
              + "visitor token). Another visitor's conversation does not exist (404); an "
              + "unknown site or an origin the site does not allow is 403. 429 "
              + "too_many_requests while the visitor has a download under way, 503 busy while "
              + "the node serves as many as it may; both with Retry-After.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.VISITOR))
  @APIResponse(responseCode = "200", description = "The transcript, text/plain.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY)
  @APIResponse(responseCode = "503", ref = ApiDocs.BUSY)
  public Response download(
      @PathParam("conversationId") String conversationId,
      @QueryParam("locale") String locale,
      @QueryParam("timeZone") String timeZone) {
    if (!visitorCaller.present()) {
      throw Caller.failure(
          Response.Status.UNAUTHORIZED, "unauthorized", "the visitor's token is missing");
    }
    VisitorCaller.Visitor visitor = visitorCaller.require();
    try (TranscriptDownloads.Download running = start(visitor)) {
      // The first page before anything is written: another's conversation is a plain 404 then.
      TranscriptPage first = page(visitor, conversationId, 0);
      response.setContentType("text/plain; charset=utf-8");
      response.setHeader(
          "Content-Disposition",
          "attachment; filename=\"" + TranscriptText.fileName(first.conversationId()) + "\"");
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
      response.setHeader("Cache-Control", "no-store");
      if (!"HEAD".equals(request.getMethod())) {
        write(running, visitor, first, new TranscriptText(locale, timeZone));
      }
    }
    // Already written and committed; the runtime adds nothing to it.
    return Response.ok().build();
  }

  /** The transcript, page by page; it ends early when the client is gone or too slow. */
  private void write(
      TranscriptDownloads.Download running,
      VisitorCaller.Visitor visitor,
      TranscriptPage first,
      TranscriptText text) {
    try {
      Writer out =
          new BufferedWriter(
              new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
      text.writeHeading(first, out);
      TranscriptPage page = first;
      while (true) {
        for (TranscriptLine line : page.lines()) {
          if (running.overdue()) {
            LOG.info(
                () -> "transcript download of " + first.conversationId() + " cut off: too slow");
            text.writeCutOff(running.maxSeconds(), out);
            out.flush();
            return;
          }
          text.writeLine(line, out);
        }
        if (!page.hasMore()) {
          break;
        }
        page = page(visitor, first.conversationId(), page.lastSeq());
      }
      out.flush();
      response.flushBuffer();
    } catch (IOException gone) {
      // The client went away, or stopped reading until the server's write timeout closed it.
      LOG.fine(() -> "transcript download of " + first.conversationId() + " ended: " + gone);
    }
  }

  private TranscriptDownloads.Download start(VisitorCaller.Visitor visitor) {
    try {
      return downloads.start(visitor.visitorId());
    } catch (TranscriptDownloads.Refused refused) {
      throw new WebApplicationException(
          Response.status(Response.Status.fromStatusCode(refused.status()))
              .type(MediaType.APPLICATION_JSON_TYPE)
              .header("Retry-After", refused.retryAfterSeconds())
              .entity(Map.of("error", refused.code(), "message", refused.getMessage()))
              .build());
    }
  }

  private TranscriptPage page(VisitorCaller.Visitor visitor, String conversationId, long after) {
    return TenantScope.call(
        visitor.tenantId(), () -> transcripts.page(visitor.visitorId(), conversationId, after));
  }
}
