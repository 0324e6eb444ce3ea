package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.boundary.Attachments;
import dev.kefu.file.boundary.Files;
import dev.kefu.file.entity.StoredFile;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.control.TenantScope;
import dev.kefu.view.FileView;
import dev.kefu.web.control.Caller;
import dev.kefu.web.control.VisitorCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Files shared in conversations, for both sides over one path. The body of an upload is the file
 * itself (any content type; the type is found in its bytes), its name in {@code ?name=}.
 *
 * <ul>
 *   <li>A visitor (header {@value VisitorCaller#HEADER} and {@code ?site=}, see {@link
 *       VisitorCaller}) uploads into their open conversation or the one their next message opens,
 *       and downloads their conversations' files.
 *   <li>An agent (session, bearer token, or Basic in local mode) uploads into an open conversation
 *       assigned to them ({@code ?conversationId=}); staff download the files of the conversations
 *       they may see: their own, their departments' as a supervisor, their tenant's as an admin.
 * </ul>
 *
 * Anyone else finds nothing (404). Too large a file answers 413, a type not on the list 415;
 * neither leaves anything behind. Downloads carry the stored type, {@code nosniff}, a sandboxing
 * policy, and are attachments except for images, which are shown inline.
 */
@Path("files")
@Tag(name = ApiDocs.TAG_FILES)
@RequestScoped
public class FilesResource {

  private static final Logger LOG = Logger.getLogger(FilesResource.class.getName());

  @Inject Caller caller;
  @Inject VisitorCaller visitorCaller;
  @Inject Files files;
  @Inject Attachments attachments;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Upload a file into a conversation",
      description =
          "Roles: visitor, kf-agent, kf-supervisor, kf-admin. The body is the file "
              + "itself, its name in ?name=. A visitor (header X-Kefu-Visitor and ?site=) "
              + "uploads into their open conversation; a member of staff into an open "
              + "conversation assigned to them (?conversationId=), any other is not found "
              + "(404). 409 conversation_closed; 413 file_too_large (10 MiB by default); 415 "
              + "file_type_refused for a type not on the list. A refused upload leaves nothing "
              + "behind. A visitor of an unknown site or of an origin the site does not allow "
              + "gets 403, with a token not accepted 401.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.VISITOR_OR_STAFF))
  @APIResponse(
      responseCode = "201",
      description = "Stored: {\"id\",\"name\",\"size\",\"contentType\",\"url\"}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED)
  public Response upload(
      @QueryParam("name") String name,
      @QueryParam("conversationId") String conversationId,
      @HeaderParam("Content-Length") Long length,
      InputStream body) {
    try {
      return Response.status(Response.Status.CREATED)
          .entity(FileView.of(store(name, conversationId, length, body)))
          .build();
    } catch (WebApplicationException | RuleViolation | NotFoundException refused) {
      // A browser still sending takes a connection closed under it for a network failure and
      // never shows the answer: the rest of a refused body is read and dropped (up to a bound)
      // before the refusal is answered (BusinessRefusals, MissingObjects).
      files.drain(body);
      throw refused;
    }
  }

  private StoredFile store(String name, String conversationId, Long length, InputStream body) {
    if (visitorCaller.present()) {
      VisitorCaller.Visitor visitor = visitorCaller.require();
      refuseAnnouncedOversize(length);
      return TenantScope.call(
          visitor.tenantId(), () -> attachments.uploadByVisitor(visitor.visitorId(), name, body));
    }
    Agent agent = caller.require(Role.AGENT);
    refuseAnnouncedOversize(length);
    return attachments.uploadByAgent(agent.id(), conversationId, name, body);
  }

  @GET
  @Path("{id}")
  @Operation(
      summary = "Download a file",
      description =
          "Roles: visitor, kf-agent, kf-supervisor, kf-admin. The visitor of the "
              + "conversation (header X-Kefu-Visitor and ?site=), its agent, the supervisors of"
              + " its department and the admins of its tenant; for anyone else the file does "
              + "not exist (404). Images are inline, other files attachments, with the stored "
              + "type, nosniff and a sandboxing policy.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.VISITOR_OR_STAFF))
  @APIResponse(responseCode = "200", description = "The file's bytes.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response download(@PathParam("id") String fileId) {
    StoredFile file;
    if (visitorCaller.present()) {
      VisitorCaller.Visitor visitor = visitorCaller.require();
      file =
          TenantScope.call(
              visitor.tenantId(), () -> attachments.readableByVisitor(visitor.visitorId(), fileId));
    } else {
      Agent agent = caller.require(Role.AGENT);
      file = attachments.readableByStaff(agent.id(), fileId);
    }
    java.nio.file.Path bytes = files.bytesOf(file);
    StreamingOutput stream = out -> java.nio.file.Files.copy(bytes, out);
    return Response.ok(stream, file.contentType())
        .header("Content-Length", file.size())
        .header("Content-Disposition", disposition(file))
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header("Cache-Control", "private, max-age=3600")
        .build();
  }

  /** Refuses without storing anything when the announced length is already too much. */
  private void refuseAnnouncedOversize(Long length) {
    if (length != null && length > files.maxBytes()) {
      LOG.info(() -> "upload refused (file_too_large): " + length + " bytes announced");
      throw new RuleViolation("file_too_large", tooLarge());
    }
  }

  private String tooLarge() {
    return "the file is larger than " + files.maxBytes() + " bytes";
  }

  /** Inline for images, an attachment otherwise; the name in ASCII and in full (RFC 6266). */
  static String disposition(StoredFile file) {
    String ascii =
        file.name().replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_").replace("\\", "_");
    String encoded = URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20");
    return (file.isImage() ? "inline" : "attachment")
        + "; filename=\""
        + ascii
        + "\"; filename*=UTF-8''"
        + encoded;
  }
}
