package dev.kefu.chat.control;

import dev.kefu.agent.entity.AgentStatus;
import dev.kefu.agent.entity.CustomStatus;
import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.boundary.Posted;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Message;
import dev.kefu.conversation.entity.Note;
import dev.kefu.events.MessagePosted;
import dev.kefu.file.entity.StoredFile;
import dev.kefu.inbox.entity.OfflineMessage;
import dev.kefu.routing.boundary.Routing;
import dev.kefu.visitor.entity.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;

/** Builds the server's frames of the wire protocol, version 1. */
public final class Frames {

  private Frames() {}

  public static String error(String code, String message, String ref) {
    JsonObjectBuilder frame =
        Json.createObjectBuilder().add("type", "error").add("code", code).add("message", message);
    if (ref != null) {
      frame.add("ref", ref);
    }
    return frame.build().toString();
  }

  public static String pong() {
    return "{\"type\":\"pong\"}";
  }

  public static String ack(Posted posted) {
    return Json.createObjectBuilder()
        .add("type", "ack")
        .add("clientMsgId", posted.clientMsgId())
        .add("conversationId", posted.conversationId())
        .add("seq", posted.seq())
        .add("at", Wire.timestamp(posted.at()))
        .build()
        .toString();
  }

  public static String msg(Message message) {
    StoredFile file = message.file();
    return msg(
        message.conversationId(),
        message.seq(),
        message.senderType().wire(),
        message.senderName(),
        message.text(),
        message.createdAt(),
        file == null
            ? null
            : new MessagePosted.Attachment(
                file.id(), file.name(), file.size(), file.contentType()));
  }

  public static String msg(
      String conversationId,
      long seq,
      String senderType,
      String senderName,
      String text,
      Instant at) {
    return msg(conversationId, seq, senderType, senderName, text, at, null);
  }

  /** Where participants download a file, relative to the application's context root. */
  public static String fileUrl(String fileId) {
    return "/api/v1/files/" + fileId;
  }

  /**
   * A {@code msg} frame; {@code file}, when not null, adds the protocol's optional {@code file}.
   */
  public static String msg(
      String conversationId,
      long seq,
      String senderType,
      String senderName,
      String text,
      Instant at,
      MessagePosted.Attachment file) {
    JsonObjectBuilder sender = Json.createObjectBuilder().add("type", senderType);
    if (senderName != null) {
      sender.add("name", senderName);
    } else {
      sender.addNull("name");
    }
    JsonObjectBuilder frame =
        Json.createObjectBuilder()
            .add("type", "msg")
            .add("conversationId", conversationId)
            .add("seq", seq)
            .add("sender", sender)
            .add("text", text)
            .add("at", Wire.timestamp(at));
    if (file != null) {
      frame.add(
          "file",
          Json.createObjectBuilder()
              .add("id", file.id())
              .add("name", file.name())
              .add("size", file.size())
              .add("contentType", file.contentType())
              .add("url", fileUrl(file.id())));
    }
    return frame.build().toString();
  }

  public static String visitorWelcome(
      String visitorToken,
      String visitorId,
      boolean online,
      String greeting,
      Conversation conversation,
      List<Routing.DepartmentChoice> departments,
      JsonObject settings) {
    JsonObjectBuilder frame =
        Json.createObjectBuilder()
            .add("type", "welcome")
            .add("visitorToken", visitorToken)
            .add("visitorId", visitorId)
            .add("online", online)
            .add("greeting", greeting);
    if (conversation == null) {
      frame.addNull("conversation");
    } else {
      frame.add(
          "conversation",
          Json.createObjectBuilder()
              .add("id", conversation.id())
              .add("state", conversation.state().wire())
              .add("lastSeq", conversation.lastSeq()));
    }
    var choices = Json.createArrayBuilder();
    for (Routing.DepartmentChoice choice : departments) {
      choices.add(
          Json.createObjectBuilder()
              .add("id", choice.id())
              .add("name", choice.name())
              .add("online", choice.online()));
    }
    frame.add("departments", choices);
    frame.add("settings", settings);
    return frame.build().toString();
  }

  /** The visitor's message left while nobody could chat has been stored. */
  public static String messageLeft(OfflineMessage message) {
    return Json.createObjectBuilder()
        .add("type", "message_left")
        .add("clientMsgId", message.clientMsgId())
        .add("id", message.id())
        .add("at", Wire.timestamp(message.createdAt()))
        .build()
        .toString();
  }

  /** The visitor's rating is stored; to the visitor, and to the agent who had the conversation. */
  public static String rated(String conversationId, int score, String comment) {
    JsonObjectBuilder frame =
        Json.createObjectBuilder()
            .add("type", "rated")
            .add("conversationId", conversationId)
            .add("score", score);
    addNullable(frame, "comment", comment);
    return frame.build().toString();
  }

  /**
   * Where the visitor downloads the transcript of their conversation, relative to the application's
   * context root (the client adds {@code ?site=} and {@code locale=}).
   */
  public static String transcriptUrl(String conversationId) {
    return "/api/v1/visitor/conversations/" + conversationId + "/transcript";
  }

  /**
   * The visitor's transcript: not the text itself, which may be megabytes, but where to download it
   * over HTTP and what the file is called.
   */
  public static String transcript(String conversationId) {
    return Json.createObjectBuilder()
        .add("type", "transcript")
        .add("conversationId", conversationId)
        .add("fileName", "kefu-" + conversationId + ".txt")
        .add("contentType", "text/plain; charset=utf-8")
        .add("url", transcriptUrl(conversationId))
        .build()
        .toString();
  }

  /** A conversation of the supervisor's department closed with nobody having answered it. */
  public static String missed(ConversationView view) {
    Conversation conversation = view.conversation();
    JsonObjectBuilder summary =
        conversationSummary(view).add("departmentId", conversation.departmentId());
    addNullable(summary, "closedAt", conversation.closedAt().map(Wire::timestamp).orElse(null));
    return Json.createObjectBuilder()
        .add("type", "missed")
        .add("conversation", summary)
        .build()
        .toString();
  }

  public static String queue(String conversationId, int position, int estimatedWaitSeconds) {
    return Json.createObjectBuilder()
        .add("type", "queue")
        .add("conversationId", conversationId)
        .add("position", position)
        .add("estimatedWaitSeconds", estimatedWaitSeconds)
        .build()
        .toString();
  }

  public static String assigned(String conversationId, String agentName) {
    return Json.createObjectBuilder()
        .add("type", "assigned")
        .add("conversationId", conversationId)
        .add("agent", Json.createObjectBuilder().add("name", agentName))
        .build()
        .toString();
  }

  public static String typing(String conversationId, boolean on) {
    return Json.createObjectBuilder()
        .add("type", "typing")
        .add("conversationId", conversationId)
        .add("on", on)
        .build()
        .toString();
  }

  public static String read(String conversationId, long seq) {
    return Json.createObjectBuilder()
        .add("type", "read")
        .add("conversationId", conversationId)
        .add("seq", seq)
        .build()
        .toString();
  }

  public static String closed(String conversationId, String by) {
    return Json.createObjectBuilder()
        .add("type", "closed")
        .add("conversationId", conversationId)
        .add("by", by)
        .build()
        .toString();
  }

  public static String agentStatus(String status) {
    return Json.createObjectBuilder().add("type", "status").add("value", status).build().toString();
  }

  /** The agent is in one of the tenant's own statuses. */
  public static String agentStatus(CustomStatus custom) {
    return Json.createObjectBuilder()
        .add("type", "status")
        .add("value", AgentStatus.CUSTOM.wire())
        .add("statusId", custom.id())
        .add("name", custom.name())
        .add("available", custom.available())
        .build()
        .toString();
  }

  public static String visitorPage(String conversationId, String url, String title) {
    JsonObjectBuilder frame =
        Json.createObjectBuilder()
            .add("type", "visitor_page")
            .add("conversationId", conversationId);
    addNullable(frame, "url", url);
    addNullable(frame, "title", title);
    return frame.build().toString();
  }

  public static String conversation(ConversationView view) {
    return Json.createObjectBuilder()
        .add("type", "conversation")
        .add(
            "conversation",
            conversationSummary(view).add("departmentId", view.conversation().departmentId()))
        .build()
        .toString();
  }

  /**
   * An internal note, for staff only: the conversation's agent and its watchers. {@code
   * clientMsgId} lets the writer's console match it with what it sent.
   */
  public static String note(
      String conversationId,
      String noteId,
      String clientMsgId,
      String authorId,
      String authorName,
      String text,
      Instant at) {
    JsonObjectBuilder author = Json.createObjectBuilder();
    addNullable(author, "id", authorId);
    addNullable(author, "name", authorName);
    return Json.createObjectBuilder()
        .add("type", "note")
        .add("conversationId", conversationId)
        .add("id", noteId)
        .add("clientMsgId", clientMsgId)
        .add("author", author)
        .add("text", text)
        .add("at", Wire.timestamp(at))
        .build()
        .toString();
  }

  public static String note(Note note) {
    return note(
        note.conversationId(),
        note.id(),
        note.clientMsgId(),
        note.authorId(),
        note.authorName(),
        note.text(),
        note.createdAt());
  }

  /**
   * What a watching supervisor learns of a conversation: as {@code conversation}, with the agent it
   * is assigned to (null while it waits in a queue).
   */
  public static String watching(ConversationView view, String agentId, String agentName) {
    JsonObjectBuilder summary =
        conversationSummary(view).add("departmentId", view.conversation().departmentId());
    if (agentId == null) {
      summary.addNull("agent");
    } else {
      JsonObjectBuilder agent = Json.createObjectBuilder().add("id", agentId);
      addNullable(agent, "name", agentName);
      summary.add("agent", agent);
    }
    return Json.createObjectBuilder()
        .add("type", "watching")
        .add("conversation", summary)
        .build()
        .toString();
  }

  public static String unwatched(String conversationId) {
    return Json.createObjectBuilder()
        .add("type", "unwatched")
        .add("conversationId", conversationId)
        .build()
        .toString();
  }

  /** {@code typing} as a watcher gets it: which side is typing. */
  public static String typing(String conversationId, String side, boolean on) {
    return Json.createObjectBuilder()
        .add("type", "typing")
        .add("conversationId", conversationId)
        .add("side", side)
        .add("on", on)
        .build()
        .toString();
  }

  public static String agentWelcome(
      String agentId,
      String agentName,
      String status,
      String statusId,
      Iterable<CustomStatus> statuses,
      Iterable<ConversationView> conversations) {
    var list = Json.createArrayBuilder();
    for (ConversationView view : conversations) {
      list.add(conversationSummary(view));
    }
    var customs = Json.createArrayBuilder();
    for (CustomStatus custom : statuses) {
      customs.add(
          Json.createObjectBuilder()
              .add("id", custom.id())
              .add("name", custom.name())
              .add("available", custom.available()));
    }
    JsonObjectBuilder frame =
        Json.createObjectBuilder()
            .add("type", "welcome")
            .add("agent", Json.createObjectBuilder().add("id", agentId).add("name", agentName))
            .add("status", status);
    if (statusId != null) {
      frame.add("statusId", statusId);
    }
    return frame.add("statuses", customs).add("conversations", list).build().toString();
  }

  /**
   * A conversation as the console shows it; with the visitor's pre-chat fields ({@code prechat},
   * other than name and e-mail, which are the visitor's) and rating ({@code rating}) when there are
   * any.
   */
  public static JsonObjectBuilder conversationSummary(ConversationView view) {
    Conversation conversation = view.conversation();
    JsonObjectBuilder summary =
        Json.createObjectBuilder()
            .add("id", conversation.id())
            .add("state", conversation.state().wire())
            .add("lastSeq", conversation.lastSeq())
            .add("agentReadSeq", conversation.agentReadSeq())
            .add("visitor", visitor(view.visitor()));
    if (conversation.prechat() != null) {
      try (var reader = Json.createReader(new java.io.StringReader(conversation.prechat()))) {
        summary.add("prechat", reader.readObject());
      }
    }
    if (conversation.ratingScore() != null) {
      JsonObjectBuilder rating =
          Json.createObjectBuilder().add("score", conversation.ratingScore());
      addNullable(rating, "comment", conversation.ratingComment());
      summary.add("rating", rating);
    }
    return summary;
  }

  private static JsonObject visitor(Visitor visitor) {
    JsonObjectBuilder page = Json.createObjectBuilder();
    addNullable(page, "url", visitor.pageUrl());
    addNullable(page, "title", visitor.pageTitle());
    JsonObjectBuilder json = Json.createObjectBuilder().add("id", visitor.id());
    addNullable(json, "name", visitor.name());
    addNullable(json, "email", visitor.email());
    json.add("page", page);
    addNullable(json, "device", visitor.device());
    addNullable(json, "browser", visitor.browser());
    addNullable(json, "locale", visitor.locale());
    addNullable(json, "referrer", visitor.referrer());
    json.add("visits", visitor.visits());
    return json.build();
  }

  private static void addNullable(JsonObjectBuilder builder, String name, String value) {
    if (value == null) {
      builder.addNull(name);
    } else {
      builder.add(name, value);
    }
  }
}
