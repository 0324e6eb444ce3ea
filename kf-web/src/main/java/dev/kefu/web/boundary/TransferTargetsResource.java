package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.boundary.TransferTargets;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The agents and departments of the caller's tenant that a conversation may be handed to. */
@Path("transfer-targets")
@Tag(name = ApiDocs.TAG_CONVERSATIONS)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TransferTargetsResource {

  /** An agent as the transfer dialog lists them. */
  public record AgentJson(String id, String name, String status) {}

  /** A department as the transfer dialog lists them. */
  public record DepartmentJson(String id, String name) {}

  /** Both lists. */
  public record TargetsJson(List<AgentJson> agents, List<DepartmentJson> departments) {}

  @Inject Caller caller;
  @Inject TransferTargets targets;

  @GET
  @Operation(
      summary = "List whom a conversation may be handed to",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. The agents and departments of the "
              + "caller's tenant.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "{\"agents\":[…],\"departments\":[…]}.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public TargetsJson list() {
    Agent agent = caller.require(Role.AGENT);
    return new TargetsJson(
        targets.agents(agent.tenantId()).stream()
            .map(a -> new AgentJson(a.id(), a.displayName(), a.status().wire()))
            .toList(),
        targets.departments(agent.tenantId()).stream()
            .map(d -> new DepartmentJson(d.id(), d.name()))
            .toList());
  }
}
