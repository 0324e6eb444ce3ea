package dev.kefu.web.boundary;

import dev.kefu.agent.boundary.Accounts;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Local staff accounts, for admins: a new member of staff with a password, and a new password for
 * one who forgot theirs. Passwords go in, never out. With an identity provider ({@code
 * kf.auth.mode=oidc}) both answer 400 {@code accounts_external}.
 */
@Path("accounts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {

  /** A new account; {@code roles} default to {@code kf-agent}. */
  public record NewAccount(
      String username,
      String name,
      String password,
      List<String> roles,
      List<String> departmentIds) {}

  /** A new password. */
  public record NewPassword(String password) {}

  /** The account made; never its password. */
  public record AccountJson(String id, String username, String name, List<String> roles) {}

  @Inject Caller caller;
  @Inject Accounts accounts;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(NewAccount request) {
    caller.require(Role.ADMIN);
    NewAccount account = request == null ? new NewAccount(null, null, null, null, null) : request;
    Agent agent =
        accounts.create(
            caller.actor(),
            new Accounts.NewAccount(
                account.username(),
                account.name(),
                chars(account.password()),
                account.roles(),
                account.departmentIds()));
    return Response.status(Response.Status.CREATED)
        .entity(
            new AccountJson(
                agent.id(), agent.username(), agent.displayName(), List.copyOf(agent.roles())))
        .build();
  }

  @PUT
  @Path("{agentId}/password")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response changePassword(@PathParam("agentId") String agentId, NewPassword request) {
    caller.require(Role.ADMIN);
    accounts.changePassword(
        caller.actor(), agentId, chars(request == null ? null : request.password()));
    return Response.noContent().build();
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }
}
