package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.canned.boundary.CannedReplies;
import dev.kefu.canned.entity.CannedReply;
import dev.kefu.view.Wire;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Canned replies of the signed-in member of staff: their personal ones and their tenant's shared
 * ones. Everyone keeps their own; shared ones are kept by supervisors and admins (403 for others).
 * Another agent's personal reply, or another tenant's, answers 404 as one that does not exist.
 */
@Path("canned-replies")
@Tag(name = ApiDocs.TAG_CANNED)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CannedRepliesResource {

  /**
   * A reply as the console shows it; {@code scope} is {@code personal} or {@code shared}, and a
   * shared one of a department names it in {@code departmentId} (null otherwise).
   */
  public record ReplyJson(
      String id,
      String scope,
      String shortcut,
      String text,
      String updatedAt,
      String departmentId) {
    static ReplyJson of(CannedReply reply) {
      return new ReplyJson(
          reply.id(),
          reply.isShared() ? "shared" : "personal",
          reply.shortcut(),
          reply.text(),
          Wire.timestamp(reply.updatedAt()),
          reply.departmentId());
    }
  }

  /**
   * What a new or changed reply says; {@code scope} ({@code personal}, the default, {@code shared}
   * or {@code department} with its {@code departmentId}) only when made.
   */
  public record ReplyRequest(String scope, String shortcut, String text, String departmentId) {}

  @Inject Caller caller;
  @Inject CannedReplies replies;

  @GET
  @Operation(
      summary = "List the caller's canned replies",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. Their personal replies, then those "
              + "of their departments, then the tenant's shared ones.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The replies.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public List<ReplyJson> list() {
    Agent agent = caller.require(Role.AGENT);
    return replies.visibleTo(agent).stream().map(ReplyJson::of).toList();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Make a canned reply",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. A personal reply, every member of "
              + "staff; a shared one (scope shared, or department with departmentId), "
              + "supervisors and admins (403 forbidden for an agent). 409 conflict for a "
              + "shortcut its scope has already; 400 for a shortcut or text out of bounds.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "201", description = "The reply.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response create(ReplyRequest request) {
    caller.require(Role.AGENT);
    ReplyRequest r = required(request);
    boolean shared = "shared".equals(r.scope());
    boolean department = "department".equals(r.scope());
    if (r.scope() != null && !shared && !department && !"personal".equals(r.scope())) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "scope is personal, shared or department");
    }
    if (department && (r.departmentId() == null || r.departmentId().isBlank())) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "a department's reply needs departmentId");
    }
    CannedReply made =
        department
            ? replies.createShared(caller.actor(), r.departmentId(), r.shortcut(), r.text())
            : replies.create(caller.actor(), shared, r.shortcut(), r.text());
    return Response.status(Response.Status.CREATED).entity(ReplyJson.of(made)).build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change a canned reply",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. One's own personal reply; a shared "
              + "one, supervisors and admins (403 forbidden for an agent). Another's personal "
              + "reply, or another tenant's, does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The changed reply.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public ReplyJson change(@PathParam("id") String id, ReplyRequest request) {
    Agent agent = caller.require(Role.AGENT);
    replies.keptBy(agent, id);
    ReplyRequest r = required(request);
    return ReplyJson.of(replies.change(caller.actor(), id, r.shortcut(), r.text()));
  }

  @DELETE
  @Path("{id}")
  @Operation(
      summary = "Delete a canned reply",
      description = "Roles: kf-agent, kf-supervisor, kf-admin. As for changing it.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "204", description = "Deleted.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response delete(@PathParam("id") String id) {
    caller.require(Role.AGENT);
    replies.delete(caller.actor(), id);
    return Response.noContent().build();
  }

  private static ReplyRequest required(ReplyRequest request) {
    if (request == null) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "shortcut and text are required");
    }
    return request;
  }
}
