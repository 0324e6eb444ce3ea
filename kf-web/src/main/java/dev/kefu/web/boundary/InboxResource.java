package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.inbox.boundary.MissedChats;
import dev.kefu.inbox.boundary.OfflineMessages;
import dev.kefu.inbox.entity.OfflineMessage;
import dev.kefu.shared.Jsonp;
import dev.kefu.view.ConversationSummary;
import dev.kefu.view.Wire;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The agent console's inbox: messages visitors left while nobody was there, answered by e-mail, and
 * conversations nobody answered. Each member of staff sees those of their departments; an admin
 * those of the whole tenant. A message or conversation outside them answers 404.
 */
@Path("inbox")
@Tag(name = ApiDocs.TAG_INBOX)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

  @Inject Caller caller;
  @Inject OfflineMessages offlineMessages;
  @Inject MissedChats missedChats;

  /**
   * {@code {"mailEnabled":true,"messages":[…]}}, newest first; unanswered ones only unless {@code
   * answered=true}.
   */
  @GET
  @Path("offline-messages")
  @Operation(
      summary = "List the messages visitors left",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. Those of the caller's departments "
              + "(an admin: of the tenant), newest first; unanswered ones only unless "
              + "answered=true.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "{\"mailEnabled\":true,\"messages\":[…]}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public JsonObject offlineMessages(@QueryParam("answered") boolean withAnswered) {
    Agent agent = caller.require(Role.AGENT);
    JsonArrayBuilder list = Jsonp.createArrayBuilder();
    for (OfflineMessage message : offlineMessages.visibleTo(agent.id(), withAnswered)) {
      list.add(json(message));
    }
    return Jsonp.createObjectBuilder()
        .add("mailEnabled", offlineMessages.mailEnabled())
        .add("messages", list)
        .build();
  }

  /**
   * Answers a message by e-mail: {@code {"text":"…"}}. 409 {@code conflict} when it was answered
   * already, 400 {@code mail_disabled} without an SMTP server, 400 {@code no_email} when the
   * visitor left a phone number, 502 {@code mail_failed} when the SMTP server did not take the
   * mail.
   */
  @POST
  @Path("offline-messages/{id}/answer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Answer a left message by e-mail",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. A message of the caller's "
              + "departments (an admin: of the tenant); any other does not exist (404). Body "
              + "{\"text\":\"…\"}. 409 conflict when it was answered already; 400 mail_disabled"
              + " without an SMTP server, no_email when the visitor left a phone number; 502 "
              + "mail_failed when the SMTP server did not take the mail.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The answered message.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  @APIResponse(responseCode = "502", ref = ApiDocs.MAIL_FAILED)
  public JsonObject answer(@PathParam("id") String messageId, String body) {
    Agent agent = caller.require(Role.AGENT);
    String text;
    try (var reader = Jsonp.createReader(new StringReader(body == null ? "" : body))) {
      JsonObject json = reader.readObject();
      text = json.get("text") instanceof JsonString s ? s.getString() : null;
    } catch (RuntimeException notJson) {
      text = null;
    }
    return json(offlineMessages.answer(agent.id(), messageId, text));
  }

  /**
   * Marks a message handled another way (a call back, say), with who and when: it leaves the open
   * list. {@code DELETE} reopens it. Answers the message.
   */
  @POST
  @Path("offline-messages/{id}/handled")
  @Operation(
      summary = "Mark a left message handled",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. Handled another way (a call back, "
              + "say): it leaves the open list, with who and when. A message outside the "
              + "caller's departments (an admin: of the tenant) does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The message.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public JsonObject handled(@PathParam("id") String messageId) {
    Agent agent = caller.require(Role.AGENT);
    return json(offlineMessages.markHandled(agent.id(), messageId, true));
  }

  @DELETE
  @Path("offline-messages/{id}/handled")
  @Operation(
      summary = "Reopen a left message",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. Undoes POST …/handled. A message "
              + "outside the caller's departments (an admin: of the tenant) does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The message.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public JsonObject reopen(@PathParam("id") String messageId) {
    Agent agent = caller.require(Role.AGENT);
    return json(offlineMessages.markHandled(agent.id(), messageId, false));
  }

  /**
   * Conversations that closed unanswered, newest first, at most 200; of one department with {@code
   * departmentId}. Each as in the agent socket's {@code conversation} frame, with {@code closedAt}.
   */
  @GET
  @Path("missed")
  @Operation(
      summary = "List the conversations nobody answered",
      description =
          "Roles: kf-agent, kf-supervisor, kf-admin. Those of the caller's departments "
              + "(an admin: of the tenant), or of one with departmentId; newest first, at most "
              + "200.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.STAFF))
  @APIResponse(responseCode = "200", description = "The missed conversations.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public jakarta.json.JsonArray missed(@QueryParam("departmentId") String departmentId) {
    Agent agent = caller.require(Role.AGENT);
    JsonArrayBuilder list = Jsonp.createArrayBuilder();
    for (ConversationView view : missedChats.visibleTo(agent.id(), departmentId)) {
      JsonObjectBuilder summary =
          ConversationSummary.json(view)
              .add("departmentId", view.conversation().departmentId())
              .add("createdAt", Wire.timestamp(view.conversation().createdAt()));
      view.conversation()
          .closedAt()
          .ifPresent(closedAt -> summary.add("closedAt", Wire.timestamp(closedAt)));
      list.add(summary);
    }
    return list.build();
  }

  private static JsonObject json(OfflineMessage message) {
    JsonObjectBuilder json =
        Jsonp.createObjectBuilder()
            .add("id", message.id())
            .add("departmentId", message.departmentId())
            .add("siteId", message.siteId())
            .add("visitorId", message.visitorId())
            .add("name", message.name())
            .add("contact", message.contact())
            .add("text", message.text())
            .add("at", Wire.timestamp(message.createdAt()));
    if (message.pageUrl() != null) {
      json.add("pageUrl", message.pageUrl());
    }
    if (message.isAnswered()) {
      json.add(
          "answer",
          Jsonp.createObjectBuilder()
              .add("text", message.answer())
              .add("by", message.answeredByName() == null ? "" : message.answeredByName())
              .add("at", Wire.timestamp(message.answeredAt())));
    } else {
      json.addNull("answer");
    }
    if (message.isHandled()) {
      json.add(
          "handled",
          Jsonp.createObjectBuilder()
              .add("by", message.handledByName() == null ? "" : message.handledByName())
              .add("at", Wire.timestamp(message.handledAt())));
    } else {
      json.addNull("handled");
    }
    return json.build();
  }
}
