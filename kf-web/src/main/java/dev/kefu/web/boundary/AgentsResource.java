package dev.kefu.web.boundary;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
 * The tenant's staff as routing sees them: status, capacity, skills and departments. Admins set
 * capacity and skills; supervisors read them.
 */
@Path("agents")
@Tag(name = ApiDocs.TAG_STAFF)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

  /** A member of staff; {@code statusId} names the custom status while {@code status} is custom. */
  public record AgentJson(
      String id,
      String name,
      String status,
      String statusId,
      int capacity,
      List<String> skills,
      List<String> departments) {}

  /** How many conversations the agent holds at once, and their skill tags. */
  public record RoutingInput(Integer capacity, List<String> skills) {}

  @Inject Caller caller;
  @Inject Agents agents;

  @GET
  @Operation(
      summary = "List the tenant's staff as routing sees them",
      description =
          "Roles: kf-supervisor, kf-admin. Status, capacity, skills and departments of " + "each.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.MANAGERS))
  @APIResponse(responseCode = "200", description = "The agents.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public List<AgentJson> list() {
    Agent reader = caller.require(Role.SUPERVISOR);
    return agents.of(reader.tenantId()).stream().map(this::json).toList();
  }

  @PUT
  @Path("{agentId}/routing")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Set an agent's capacity and skills",
      description =
          "Roles: kf-admin. Body {\"capacity\",\"skills\"}; capacity is required. Another"
              + " tenant's agent does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The agent.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public AgentJson changeRouting(@PathParam("agentId") String agentId, RoutingInput input) {
    Agent admin = caller.require(Role.ADMIN);
    agents.get(admin.tenantId(), agentId);
    if (input == null || input.capacity() == null) {
      throw Caller.failure(Response.Status.BAD_REQUEST, "bad_request", "capacity is required");
    }
    return json(agents.changeRouting(caller.actor(), agentId, input.capacity(), input.skills()));
  }

  private AgentJson json(Agent agent) {
    return new AgentJson(
        agent.id(),
        agent.displayName(),
        agent.status().wire(),
        agent.customStatusId().orElse(null),
        agent.capacity(),
        List.copyOf(agent.skills()),
        agents.departmentsOf(agent.id()));
  }
}
