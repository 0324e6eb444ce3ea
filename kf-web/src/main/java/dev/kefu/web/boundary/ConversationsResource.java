package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.chat.control.Wire;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.entity.Message;
import dev.kefu.shared.NotFoundException;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The history of a conversation, for a console that missed part of it: an agent reads their own
 * conversations, a supervisor also those of their departments, an admin any of their tenant.
 * Anything else, another tenant's included, answers 404 exactly as a conversation that does not
 * exist.
 */
@Path("conversations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {

  /** Who wrote a message. */
  public record Sender(String type, String name) {}

  /** One message as the console shows it; {@code file} only when it carries one. */
  public record MessageJson(
      long seq, Sender sender, String text, String at, FilesResource.FileJson file) {
    static MessageJson of(Message m) {
      return new MessageJson(
          m.seq(),
          new Sender(m.senderType().wire(), m.senderName()),
          m.text(),
          Wire.timestamp(m.createdAt()),
          m.file() == null ? null : FilesResource.FileJson.of(m.file()));
    }
  }

  @Inject Caller caller;
  @Inject Conversations conversations;

  @GET
  @Path("{id}/messages")
  public List<MessageJson> messages(
      @PathParam("id") String conversationId, @QueryParam("after") @DefaultValue("0") long after) {
    Agent agent = caller.require(Role.AGENT);
    try {
      conversations.visibleTo(agent.id(), conversationId);
    } catch (NotFoundException notTheirs) {
      throw Caller.failure(Response.Status.NOT_FOUND, "not_found", "no such conversation");
    }
    return conversations.after(conversationId, Math.max(0, after)).stream()
        .map(MessageJson::of)
        .toList();
  }
}
