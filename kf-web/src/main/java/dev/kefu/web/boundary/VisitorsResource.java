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

/**
 * The visitors on the tenant's sites, as staff reach them: an invitation to chat, which every
 * member of staff may send, and the erasure of a visitor's data at their request, which only admins
 * may order. Another tenant's visitor answers 404 as one that does not exist.
 */
@Path("visitors")
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
  public Erased erase(@PathParam("visitorId") String visitorId) {
    caller.require(Role.ADMIN);
    return erasure.erase(caller.actor(), visitorId);
  }
}
