package dev.kefu.web.boundary;

import dev.kefu.agent.boundary.Accounts;
import dev.kefu.agent.boundary.Staff;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.auth.boundary.FederatedSignIns;
import dev.kefu.web.control.Caller;
import dev.kefu.web.control.oidc.OidcSettings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
 * Staff accounts, for admins: a new member of staff with a password, and a new password for one who
 * forgot theirs (passwords go in, never out; with an identity provider, {@code kf.auth.mode=oidc},
 * both answer 400 {@code accounts_external}); and binding an account to a person of the identity
 * provider, or unbinding it: the only way an existing account is reached through the provider.
 */
@Path("accounts")
@Tag(name = ApiDocs.TAG_STAFF)
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

  /**
   * A person of the identity provider: its {@code sub} (Keycloak shows it as the user's ID) and,
   * when it is not the configured provider ({@code kf.oidc.issuer}), its issuer.
   */
  public record ProviderIdentity(String issuer, String subject) {}

  /** An account's binding to the identity provider; nulls when it has none. */
  public record IdentityJson(String id, String username, String issuer, String subject) {

    static IdentityJson of(Agent agent) {
      return new IdentityJson(agent.id(), agent.username(), agent.idpIssuer(), agent.idpSubject());
    }
  }

  @Inject Caller caller;
  @Inject Accounts accounts;
  @Inject Staff staff;
  @Inject FederatedSignIns federated;
  @Inject OidcSettings oidc;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Make a staff account",
      description =
          "Roles: kf-admin. A local account of the admin's tenant with a password; roles "
              + "default to kf-agent. 409 conflict for a user name taken in any tenant, "
              + "tenant_limit beyond the tenant's limit; 400 accounts_external where the "
              + "identity provider keeps the accounts.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "201", description = "The account, never its password.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
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
  @Operation(
      summary = "Set a staff account's password",
      description =
          "Roles: kf-admin. For one who forgot theirs; 400 accounts_external where the "
              + "identity provider keeps the passwords. Another tenant's account does not exist"
              + " (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "204", description = "Set.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response changePassword(@PathParam("agentId") String agentId, NewPassword request) {
    caller.require(Role.ADMIN);
    accounts.changePassword(
        caller.actor(), agentId, chars(request == null ? null : request.password()));
    return Response.noContent().build();
  }

  /**
   * Disables an account: it can no longer sign in, its sessions end at their next request, its
   * console sockets close, and routing gives it nothing. An admin cannot disable themselves (400
   * {@code own_account}).
   */
  @POST
  @Path("{agentId}/disable")
  @Operation(
      summary = "Disable a staff account",
      description =
          "Roles: kf-admin. It can no longer sign in, its sessions end at their next "
              + "request and its sockets close. 400 own_account for the admin's own. Another "
              + "tenant's account does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "204", description = "Disabled.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response disable(@PathParam("agentId") String agentId) {
    caller.require(Role.ADMIN);
    staff.disable(caller.actor(), agentId);
    return Response.noContent().build();
  }

  /** Enables a disabled account again. */
  @POST
  @Path("{agentId}/enable")
  @Operation(
      summary = "Enable a staff account",
      description = "Roles: kf-admin. Another tenant's account does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "204", description = "Enabled.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response enable(@PathParam("agentId") String agentId) {
    caller.require(Role.ADMIN);
    staff.enable(caller.actor(), agentId);
    return Response.noContent().build();
  }

  @PUT
  @Path("{agentId}/identity")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Bind a staff account to a person of the identity provider",
      description =
          "Roles: kf-admin. Body {\"subject\",\"issuer\"}; the issuer defaults to the "
              + "configured provider. 409 conflict when that person is bound to another "
              + "account. Another tenant's account does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The binding.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public IdentityJson bind(@PathParam("agentId") String agentId, ProviderIdentity request) {
    caller.require(Role.ADMIN);
    String issuer =
        request == null || request.issuer() == null || request.issuer().isBlank()
            ? oidc.issuer()
            : request.issuer();
    return IdentityJson.of(
        federated.bind(
            caller.actor(), agentId, issuer, request == null ? null : request.subject()));
  }

  @DELETE
  @Path("{agentId}/identity")
  @Operation(
      summary = "Unbind a staff account from the identity provider",
      description = "Roles: kf-admin. Another tenant's account does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The account, bound to nobody.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public IdentityJson unbind(@PathParam("agentId") String agentId) {
    caller.require(Role.ADMIN);
    return IdentityJson.of(federated.unbind(caller.actor(), agentId));
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }
}
