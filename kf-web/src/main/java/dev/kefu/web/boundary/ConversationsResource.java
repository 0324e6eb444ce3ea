package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.boundary.ConversationAccess;
import dev.kefu.conversation.boundary.Messages;
import dev.kefu.conversation.boundary.Notes;
import dev.kefu.conversation.boundary.Supervision;
import dev.kefu.conversation.boundary.VisitorHistory;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Note;
import dev.kefu.view.MessageView;
import dev.kefu.view.Wire;
import dev.kefu.visitor.entity.PageView;
import dev.kefu.visitor.entity.Visitor;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The history of a conversation, for a console that missed part of it, and what the console shows
 * beside it (internal notes, the visitor's page trail, their earlier conversations): an agent reads
 * their own conversations, a supervisor also those of their departments, an admin any of their
 * tenant. Anything else, another tenant's included, answers 404 exactly as a conversation that does
 * not exist. Supervisors also list the live conversations they supervise.
 */
@Path("conversations")
@Tag(name = ApiDocs.TAG_CONVERSATIONS)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {

  /** An internal note as the console shows it. */
  public record NoteJson(
      String id,
      String clientMsgId,
      MessageView.Sender author,
      String authorId,
      String text,
      String at) {
    static NoteJson of(Note n) {
      return new NoteJson(
          n.id(),
          n.clientMsgId(),
          new MessageView.Sender("agent", n.authorName()),
          n.authorId(),
          n.text(),
          Wire.timestamp(n.createdAt()));
    }
  }

  /** One page of the visitor's trail. */
  public record PageJson(String url, String title, String at) {
    static PageJson of(PageView p) {
      return new PageJson(p.url(), p.title(), Wire.timestamp(p.viewedAt()));
    }
  }

  /** An earlier conversation of the same visitor. */
  public record PreviousJson(
      String id,
      String state,
      String createdAt,
      String closedAt,
      String agentName,
      long lastSeq,
      jakarta.json.JsonArray prechatFields) {
    static PreviousJson of(VisitorHistory.Previous p) {
      Conversation c = p.conversation();
      return new PreviousJson(
          c.id(),
          c.state().wire(),
          Wire.timestamp(c.createdAt()),
          c.closedAt().map(Wire::timestamp).orElse(null),
          p.agentName(),
          c.lastSeq(),
          dev.kefu.view.ConversationSummary.prechatFields(c, p.prechatForm()));
    }
  }

  /** A live conversation as a supervisor's list shows it. */
  public record LiveJson(
      String id,
      String state,
      String departmentId,
      String agentId,
      String agentName,
      String visitorId,
      String visitorName,
      String pageUrl,
      String pageTitle,
      long lastSeq,
      String createdAt) {
    static LiveJson of(Supervision.Live live) {
      Conversation c = live.view().conversation();
      Visitor v = live.view().visitor();
      return new LiveJson(
          c.id(),
          c.state().wire(),
          c.departmentId(),
          c.agentId(),
          live.agentName(),
          v.id(),
          v.name(),
          v.pageUrl(),
          v.pageTitle(),
          c.lastSeq(),
          Wire.timestamp(c.createdAt()));
    }
  }

  @Inject Caller caller;
  @Inject ConversationAccess access;
  @Inject Messages messages;
  @Inject Notes notes;
  @Inject VisitorHistory history;
  @Inject Supervision supervision;

  /** The live conversations of the departments the caller supervises (an admin's: all). */
  @GET
  @Path("live")
  @Operation(
      summary = "List the live conversations the caller supervises",
      description =
          "Roles: kf-supervisor, kf-admin. The open (queued and assigned) conversations "
              + "of the departments the caller is a member of (an admin: of the tenant), oldest"
              + " first, at most 500.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.MANAGERS))
  @APIResponse(responseCode = "200", description = "The live conversations.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public List<LiveJson> live() {
    Agent supervisor = caller.require(Role.SUPERVISOR);
    return supervision.live(supervisor.id()).stream().map(LiveJson::of).toList();
  }

  @GET
  @Path("{id}/notes")
  @Operation(
      summary = "List a conversation's internal notes",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. The agent the conversation is "
              + "assigned to, a supervisor of its department and an admin of its tenant; for "
              + "anyone else it does not exist (404). Oldest first, at most 500.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The notes.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public List<NoteJson> notes(@PathParam("id") String conversationId) {
    visible(conversationId);
    return notes.of(conversationId).stream().map(NoteJson::of).toList();
  }

  @GET
  @Path("{id}/pages")
  @Operation(
      summary = "List the pages the conversation's visitor viewed",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. The agent the conversation is "
              + "assigned to, a supervisor of its department and an admin of its tenant; for "
              + "anyone else it does not exist (404). Oldest first, the latest 100.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The page trail.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public List<PageJson> pages(@PathParam("id") String conversationId) {
    Agent agent = caller.require(Role.AGENT);
    return history.pages(agent.id(), conversationId).stream().map(PageJson::of).toList();
  }

  @GET
  @Path("{id}/previous")
  @Operation(
      summary = "List the visitor's earlier conversations",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. The agent the conversation is "
              + "assigned to, a supervisor of its department and an admin of its tenant; for "
              + "anyone else it does not exist (404). Newest first, at most 50.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The earlier conversations.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public List<PreviousJson> previous(@PathParam("id") String conversationId) {
    Agent agent = caller.require(Role.AGENT);
    return history.previous(agent.id(), conversationId).stream().map(PreviousJson::of).toList();
  }

  @GET
  @Path("{id}/previous/{previousId}/messages")
  @Operation(
      summary = "Read an earlier conversation of the same visitor",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. The agent the conversation is "
              + "assigned to, a supervisor of its department and an admin of its tenant; for "
              + "anyone else it does not exist (404). An earlier conversation of another "
              + "visitor does not exist either. At most 500 messages after the sequence number "
              + "after.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The messages, read-only.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public List<MessageView> previousMessages(
      @PathParam("id") String conversationId,
      @PathParam("previousId") String previousId,
      @QueryParam("after") @DefaultValue("0") long after) {
    Agent agent = caller.require(Role.AGENT);
    return history
        .messagesOfPrevious(agent.id(), conversationId, previousId, Math.max(0, after))
        .stream()
        .map(MessageView::of)
        .toList();
  }

  private void visible(String conversationId) {
    Agent agent = caller.require(Role.AGENT);
    access.visibleTo(agent.id(), conversationId);
  }

  @GET
  @Path("{id}/messages")
  @Operation(
      summary = "Read a conversation's messages",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. The agent the conversation is "
              + "assigned to, a supervisor of its department and an admin of its tenant; for "
              + "anyone else it does not exist (404). At most 500 messages after the sequence "
              + "number after, for a console that missed part of the conversation.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The messages, oldest first.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public List<MessageView> messages(
      @PathParam("id") String conversationId, @QueryParam("after") @DefaultValue("0") long after) {
    Agent agent = caller.require(Role.AGENT);
    access.visibleTo(agent.id(), conversationId);
    return messages.after(conversationId, Math.max(0, after)).stream()
        .map(MessageView::of)
        .toList();
  }
}
