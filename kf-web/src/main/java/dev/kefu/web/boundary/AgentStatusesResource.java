package dev.kefu.web.boundary;

import dev.kefu.agent.boundary.CustomStatuses;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.CustomStatus;
import dev.kefu.agent.entity.Role;
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
 * The tenant's own agent statuses beside online, away and offline. Every member of staff lists them
 * (to pick one in the console); admins define, change and remove them.
 */
@Path("agent-statuses")
@Tag(name = ApiDocs.TAG_STAFF)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AgentStatusesResource {

  /** A custom status; {@code available}: agents in it are given new conversations. */
  public record StatusJson(String id, String name, boolean available) {
    static StatusJson of(CustomStatus status) {
      return new StatusJson(status.id(), status.name(), status.available());
    }
  }

  /** What an admin sends to define or change a status. */
  public record StatusInput(String name, Boolean available) {}

  @Inject Caller caller;
  @Inject CustomStatuses statuses;

  @GET
  @Operation(
      summary = "List the tenant's custom statuses",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. The statuses beside online, away and"
              + " offline that agents may pick.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The statuses.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public List<StatusJson> list() {
    Agent reader = caller.require(Role.AGENT);
    return statuses.of(reader.tenantId()).stream().map(StatusJson::of).toList();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Define a custom status",
      description =
          "Roles: kf-admin. Body {\"name\",\"available\"}, a name of 1 to 100 characters;"
              + " 409 conflict for a name the tenant has.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "201", description = "The status.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response define(StatusInput input) {
    caller.require(Role.ADMIN);
    StatusInput checked = checked(input);
    StatusJson created =
        StatusJson.of(statuses.define(caller.actor(), checked.name(), checked.available()));
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @PUT
  @Path("{statusId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change a custom status",
      description =
          "Roles: kf-admin. As when defined. Another tenant's status does not exist " + "(404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The status.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public StatusJson change(@PathParam("statusId") String statusId, StatusInput input) {
    Agent admin = caller.require(Role.ADMIN);
    statuses.get(admin.tenantId(), statusId);
    StatusInput checked = checked(input);
    return StatusJson.of(
        statuses.change(caller.actor(), statusId, checked.name(), checked.available()));
  }

  @DELETE
  @Path("{statusId}")
  @Operation(
      summary = "Remove a custom status",
      description =
          "Roles: kf-admin. Agents in it become away. Another tenant's status does not "
              + "exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "204", description = "Removed.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response remove(@PathParam("statusId") String statusId) {
    caller.require(Role.ADMIN);
    statuses.remove(caller.actor(), statusId);
    return Response.noContent().build();
  }

  private static StatusInput checked(StatusInput input) {
    if (input == null || input.name() == null || input.available() == null) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "name and available are required");
    }
    if (input.name().isBlank() || input.name().strip().length() > 100) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "a status name is 1 to 100 characters");
    }
    return input;
  }
}
