package dev.kefu.web.boundary;

import dev.kefu.agent.boundary.Accounts;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.auth.boundary.WsTickets;
import dev.kefu.web.control.Caller;
import dev.kefu.web.control.FreshSession;
import dev.kefu.web.control.LocalAccounts;
import dev.kefu.web.control.oidc.OidcSettings;
import dev.kefu.web.control.oidc.OidcSignIn;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Signing staff in and out, who is signed in, and tickets for the agent console's socket. */
@Path("auth")
@Tag(name = ApiDocs.TAG_AUTH)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

  /** A sign-in request of the consoles. */
  public record Login(String username, String password) {}

  /** The signed-in member of staff. */
  public record Me(String id, String username, String name, List<String> roles) {
    static Me of(Agent agent) {
      return new Me(agent.id(), agent.username(), agent.displayName(), List.copyOf(agent.roles()));
    }
  }

  /** A member of staff's new password, with their current one. */
  public record OwnPassword(String currentPassword, String newPassword) {}

  /** How staff sign in here, for the sign-in page: {@code local} or {@code oidc}. */
  public record Options(String mode, String start) {}

  /** A single-use ticket for {@code /ws/agent}. */
  public record Ticket(String ticket, int expiresIn) {}

  @Inject SecurityContext security;
  @Inject Caller caller;
  @Inject WsTickets tickets;
  @Inject Accounts accounts;
  @Inject OidcSettings oidc;
  @Inject OidcSignIn oidcSignIn;
  @Context HttpServletRequest request;
  @Context HttpServletResponse response;

  /** Public: whether the sign-in page shows a form or sends people to the company sign-in. */
  @GET
  @Path("options")
  @Operation(
      summary = "How staff sign in here",
      description =
          "Roles: anonymous. For the sign-in page: mode local (a form posting to POST "
              + "/auth/login) or oidc (start names the address that sends people to the "
              + "identity provider).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ANONYMOUS))
  @APIResponse(
      responseCode = "200",
      description = "{\"mode\":\"local\"} or {\"mode\":\"oidc\",\"start\":\"…\"}.")
  public Options options() {
    return oidc.enabled()
        ? new Options("oidc", request.getContextPath() + OidcSignIn.START)
        : new Options("local", null);
  }

  @POST
  @Path("login")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Sign in with a user name and password",
      description =
          "Roles: anonymous. Opens the consoles' session (cookie KFSESSION) for a local "
              + "account; the body is JSON {\"username\",\"password\"} or the same form fields."
              + " 401 invalid_credentials for a wrong user name or password and also while the "
              + "user name is locked after repeated failures; 403 account_disabled for the "
              + "right password of a disabled account, oidc_only where staff sign in with the "
              + "identity provider, cross_site from another site's page. At most 8 KiB.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ANONYMOUS))
  @APIResponse(
      responseCode = "200",
      description = "Signed in: {\"id\",\"username\",\"name\",\"roles\"}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response login(Login login) {
    if (oidc.enabled()) {
      throw Caller.failure(
          Response.Status.FORBIDDEN,
          "oidc_only",
          "local passwords are switched off here; sign in with your company account");
    }
    if (login == null || login.username() == null || login.password() == null) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "username and password are required");
    }
    FreshSession.start(request);
    AuthenticationStatus status =
        security.authenticate(
            request,
            response,
            AuthenticationParameters.withParams()
                .newAuthentication(true)
                .credential(
                    new UsernamePasswordCredential(
                        login.username(), new Password(login.password()))));
    if (status != AuthenticationStatus.SUCCESS
        && status != AuthenticationStatus.SEND_CONTINUE
        && Boolean.TRUE.equals(request.getAttribute(LocalAccounts.DISABLED))) {
      throw Caller.failure(
          Response.Status.FORBIDDEN,
          "account_disabled",
          "this account is disabled; ask an admin of your team");
    }
    if (status != AuthenticationStatus.SUCCESS && status != AuthenticationStatus.SEND_CONTINUE) {
      throw Caller.failure(
          Response.Status.UNAUTHORIZED, "invalid_credentials", "wrong user name or password");
    }
    // The roles of a sign-in made in this very request come from the account, not the container:
    // Payara still answers role checks from the identity the request arrived with.
    return Response.ok(Me.of(caller.signedIn())).build();
  }

  /** The same sign-in from a plain HTML form or a script posting form fields. */
  @POST
  @Path("login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(
      summary = "Sign in with a user name and password",
      description =
          "Roles: anonymous. Opens the consoles' session (cookie KFSESSION) for a local "
              + "account; the body is JSON {\"username\",\"password\"} or the same form fields."
              + " 401 invalid_credentials for a wrong user name or password and also while the "
              + "user name is locked after repeated failures; 403 account_disabled for the "
              + "right password of a disabled account, oidc_only where staff sign in with the "
              + "identity provider, cross_site from another site's page. At most 8 KiB.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ANONYMOUS))
  @APIResponse(
      responseCode = "200",
      description = "Signed in: {\"id\",\"username\",\"name\",\"roles\"}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response loginForm(
      @FormParam("username") String username, @FormParam("password") String password) {
    return login(new Login(username, password));
  }

  @POST
  @Path("logout")
  @Operation(
      summary = "Sign out",
      description =
          "Roles: anonymous. Ends the session, and the identity provider's session too "
              + "where staff sign in there. Without a session it does nothing.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ANONYMOUS))
  @APIResponse(responseCode = "204", description = "Signed out.")
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Response logout() throws ServletException {
    HttpSession session = request.getSession(false);
    // The provider's session ends too, or the next visit would sign the same person in again.
    oidcSignIn.signOutAtProvider(session);
    request.logout();
    if (session != null) {
      session.invalidate();
    }
    return Response.noContent().build();
  }

  /**
   * The signed-in member of staff changes their own password, given the current one: local accounts
   * only (400 {@code accounts_external} with the identity provider). A wrong current password is
   * 400 {@code wrong_password} with {@code field} {@code currentPassword}, never 401, which would
   * read as signed out.
   */
  @PUT
  @Path("password")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change one's own password",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin, kf-platform. Any signed-in account, "
              + "given its current password; local accounts only. 400 wrong_password (field "
              + "currentPassword), bad_password (field newPassword: 8 to 200 characters), "
              + "accounts_external where the identity provider keeps the passwords.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.SIGNED_IN))
  @APIResponse(responseCode = "204", description = "Changed.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response changePassword(OwnPassword change) {
    Agent agent = caller.signedIn();
    OwnPassword body = change == null ? new OwnPassword(null, null) : change;
    accounts.changeOwnPassword(
        caller.actor(), agent.id(), chars(body.currentPassword()), chars(body.newPassword()));
    return Response.noContent().build();
  }

  private static char[] chars(String text) {
    return text == null ? null : text.toCharArray();
  }

  @GET
  @Path("me")
  @Operation(
      summary = "Who is signed in",
      description = "Roles: kf-agent, kf-supervisor, kf-admin.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "{\"id\",\"username\",\"name\",\"roles\"}.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Me me() {
    return Me.of(caller.require(Role.AGENT));
  }

  @POST
  @Path("ws-ticket")
  @Operation(
      summary = "Get a ticket for the agent socket",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. A single-use ticket for /ws/agent, "
              + "valid for 60 seconds.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "{\"ticket\",\"expiresIn\":60}.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Ticket wsTicket() {
    Agent agent = caller.require(Role.AGENT);
    return new Ticket(tickets.issue(agent.id()), WsTickets.LIFETIME_SECONDS);
  }
}
