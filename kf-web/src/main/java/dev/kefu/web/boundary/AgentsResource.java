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

/**
 * The tenant's staff as routing sees them: status, capacity, skills and departments. Admins set
 * capacity and skills; supervisors read them.
 */
@Path("agents")
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
  public List<AgentJson> list() {
    Agent reader = caller.require(Role.SUPERVISOR);
    return agents.of(reader.tenantId()).stream().map(this::json).toList();
  }

  @PUT
  @Path("{agentId}/routing")
  @Consumes(MediaType.APPLICATION_JSON)
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
