package dev.kefu.chat.control;

import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.boundary.Posted;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Message;
import dev.kefu.inbox.entity.OfflineMessage;
import dev.kefu.visitor.entity.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

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
    return msg(
        message.conversationId(),
        message.seq(),
        message.senderType().wire(),
        message.senderName(),
        message.text(),
        message.createdAt());
  }

  public static String msg(
      String conversationId,
      long seq,
      String senderType,
      String senderName,
      String text,
      Instant at) {
    JsonObjectBuilder sender = Json.createObjectBuilder().add("type", senderType);
    if (senderName != null) {
      sender.add("name", senderName);
    } else {
      sender.addNull("name");
    }
    return Json.createObjectBuilder()
        .add("type", "msg")
        .add("conversationId", conversationId)
        .add("seq", seq)
        .add("sender", sender)
        .add("text", text)
        .add("at", Wire.timestamp(at))
        .build()
        .toString();
  }

  public static String visitorWelcome(
      String visitorToken,
      String visitorId,
      boolean online,
      String greeting,
      Conversation conversation) {
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
    return frame.build().toString();
  }

  /** The welcome with the site's widget settings ({@code settings}, an extension). */
  public static String visitorWelcome(
      String visitorToken,
      String visitorId,
      boolean online,
      String greeting,
      Conversation conversation,
      JsonObject settings) {
    JsonObject welcome =
        Json.createReader(
                new java.io.StringReader(
                    visitorWelcome(visitorToken, visitorId, online, greeting, conversation)))
            .readObject();
    return Json.createObjectBuilder(welcome).add("settings", settings).build().toString();
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

  /** The visitor's transcript: a text file the widget offers for download. */
  public static String transcript(String conversationId, String fileName, String text) {
    return Json.createObjectBuilder()
        .add("type", "transcript")
        .add("conversationId", conversationId)
        .add("fileName", fileName)
        .add("contentType", "text/plain; charset=utf-8")
        .add("text", text)
        .build()
        .toString();
  }

  /** A conversation of the supervisor's department closed with nobody having answered it. */
  public static String missed(ConversationView view) {
    Conversation conversation = view.conversation();
    JsonObjectBuilder summary =
        conversationSummary(view).add("departmentId", conversation.departmentId());
    addNullable(
        summary,
        "closedAt",
        conversation.closedAt() == null ? null : Wire.timestamp(conversation.closedAt()));
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

  public static String agentWelcome(
      String agentId, String agentName, String status, Iterable<ConversationView> conversations) {
    var list = Json.createArrayBuilder();
    for (ConversationView view : conversations) {
      list.add(conversationSummary(view));
    }
    return Json.createObjectBuilder()
        .add("type", "welcome")
        .add("agent", Json.createObjectBuilder().add("id", agentId).add("name", agentName))
        .add("status", status)
        .add("conversations", list)
        .build()
        .toString();
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
