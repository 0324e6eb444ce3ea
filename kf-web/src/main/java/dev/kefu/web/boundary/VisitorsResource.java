package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.erasure.boundary.Erased;
import dev.kefu.erasure.boundary.VisitorErasure;
import dev.kefu.monitor.boundary.Invitations;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The visitors on the tenant's sites, as staff reach them: an invitation to chat, which every
 * member of staff may send, and the erasure of a visitor's data at their request, which only admins
 * may order. Another tenant's visitor answers 404 as one that does not exist.
 */
@Path("visitors")
@Tag(name = ApiDocs.TAG_VISITORS)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class VisitorsResource {

  /** What an invitation says; {@code text} is optional (the widget's own words without it). */
  public record InviteRequest(String text) {}

  @Inject Caller caller;
  @Inject Invitations invitations;
  @Inject VisitorErasure erasure;

  /**
   * Invites the visitor to chat in the caller's name: {@code 204}, or {@code 409} with {@code
   * visitor_offline}, {@code already_chatting} or {@code visitor_blocked}.
   */
  @POST
  @Path("{visitorId}/invite")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Invite a visitor to chat",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. A visitor of the caller's tenant, in"
              + " the caller's name, with an optional text; another tenant's visitor does not "
              + "exist (404). 409 visitor_offline, already_chatting or visitor_blocked.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "204", description = "Invited.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response invite(@PathParam("visitorId") String visitorId, InviteRequest request) {
    Agent agent = caller.require(Role.AGENT);
    invitations.invite(agent.id(), visitorId, request == null ? null : request.text());
    return Response.noContent().build();
  }

  /**
   * Erases the visitor's data (GDPR, PIPL): the visitor, their conversations with every message,
   * note and file, their page trail, the messages they left and any block of them. An open
   * conversation ends first ({@code closed} by {@code erased} to its agent) and the visitor's
   * sockets close ({@code 1008 erased}). Admins only; {@code 200} with what went, counted.
   */
  @DELETE
  @Path("{visitorId}")
  @Operation(
      summary = "Erase a visitor's data at their request",
      description =
          "Roles: kf-admin. GDPR, PIPL: the visitor, their conversations with every message, note"
              + " and file, their page trail, the messages they left and any block of them, in one"
              + " step; an open conversation ends first. Audited as visitor.erased with counts."
              + " Another tenant's visitor, or one erased already, does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(
      responseCode = "200",
      description =
          "What went, counted: {\"visitorId\",\"conversations\",\"messages\",\"notes\","
              + "\"files\",\"pageViews\",\"leftMessages\",\"blocks\"}.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Erased erase(@PathParam("visitorId") String visitorId) {
    caller.require(Role.ADMIN);
    return erasure.erase(caller.actor(), visitorId);
  }
}
