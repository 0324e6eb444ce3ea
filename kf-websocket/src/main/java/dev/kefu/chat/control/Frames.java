package dev.kefu.chat.control;

import dev.kefu.agent.entity.AgentStatus;
import dev.kefu.agent.entity.CustomStatus;
import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.boundary.Posted;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Message;
import dev.kefu.conversation.entity.Note;
import dev.kefu.events.MessagePosted;
import dev.kefu.inbox.entity.OfflineMessage;
import dev.kefu.reception.boundary.Welcome;
import dev.kefu.routing.boundary.Routing;
import dev.kefu.shared.Jsonp;
import dev.kefu.view.ConversationSummary;
import dev.kefu.view.FileView;
import dev.kefu.view.MessageView;
import dev.kefu.view.Wire;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the server's frames of the wire protocol, version 1. */
public final class Frames {

  private Frames() {}

  public static String error(String code, String message, String ref) {
    return error(code, message, ref, null);
  }

  /**
   * An {@code error}; {@code field}, when not null, names the member of the client's frame whose
   * value was refused, so that a form can show the refusal beside that field.
   */
  public static String error(String code, String message, String ref, String field) {
    JsonObjectBuilder frame =
        Jsonp.createObjectBuilder().add("type", "error").add("code", code).add("message", message);
    if (ref != null) {
      frame.add("ref", ref);
    }
    if (field != null) {
      frame.add("field", field);
    }
    return frame.build().toString();
  }

  public static String pong() {
    return "{\"type\":\"pong\"}";
  }

  public static String ack(Posted posted) {
    return Jsonp.createObjectBuilder()
        .add("type", "ack")
        .add("clientMsgId", posted.clientMsgId())
        .add("conversationId", posted.conversationId())
        .add("seq", posted.seq())
        .add("at", Wire.timestamp(posted.at()))
        .build()
        .toString();
  }

  public static String msg(Message message) {
    return msg(message.conversationId(), MessageView.of(message));
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
    return msg(
        conversationId,
        new MessageView(
            seq,
            new MessageView.Sender(senderType, senderName),
            text,
            Wire.timestamp(at),
            file == null ? null : FileView.of(file)));
  }

  private static String msg(String conversationId, MessageView message) {
    return Jsonp.createObjectBuilder()
        .add("type", "msg")
        .add("conversationId", conversationId)
        .addAll(message.json())
        .build()
        .toString();
  }

  public static String visitorWelcome(Welcome welcome) {
    JsonObjectBuilder frame =
        Jsonp.createObjectBuilder()
            .add("type", "welcome")
            .add("visitorToken", welcome.arrival().visitorToken())
            .add("visitorId", welcome.arrival().visitor().id())
            .add("online", welcome.online())
            .add("greeting", welcome.greeting());
    Conversation conversation = welcome.current();
    if (conversation == null) {
      frame.addNull("conversation");
    } else {
      frame.add(
          "conversation",
          Jsonp.createObjectBuilder()
              .add("id", conversation.id())
              .add("state", conversation.state().wire())
              .add("lastSeq", conversation.lastSeq()));
    }
    frame.add("departments", choices(welcome.departments()));
    frame.add("settings", welcome.widget());
    return frame.build().toString();
  }

  /**
   * Whether anyone answers the visitor now, and each department of the pre-chat form, as in {@code
   * welcome}: sent to an open widget when it changes.
   */
  public static String availability(boolean online, List<Routing.DepartmentChoice> departments) {
    return Jsonp.createObjectBuilder()
        .add("type", "availability")
        .add("online", online)
        .add("departments", choices(departments))
        .build()
        .toString();
  }

  /** The departments of the pre-chat form, each with whether it answers now. */
  private static JsonArrayBuilder choices(List<Routing.DepartmentChoice> departments) {
    JsonArrayBuilder choices = Jsonp.createArrayBuilder();
    for (Routing.DepartmentChoice choice : departments) {
      choices.add(
          Jsonp.createObjectBuilder()
              .add("id", choice.id())
              .add("name", choice.name())
              .add("online", choice.online()));
    }
    return choices;
  }

  /** The visitor's message left while nobody could chat has been stored. */
  public static String messageLeft(OfflineMessage message) {
    return Jsonp.createObjectBuilder()
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
        Jsonp.createObjectBuilder()
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
    return Jsonp.createObjectBuilder()
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
        ConversationSummary.json(view).add("departmentId", conversation.departmentId());
    addNullable(summary, "closedAt", conversation.closedAt().map(Wire::timestamp).orElse(null));
    return Jsonp.createObjectBuilder()
        .add("type", "missed")
        .add("conversation", summary)
        .build()
        .toString();
  }

  public static String queue(String conversationId, int position, int estimatedWaitSeconds) {
    return Jsonp.createObjectBuilder()
        .add("type", "queue")
        .add("conversationId", conversationId)
        .add("position", position)
        .add("estimatedWaitSeconds", estimatedWaitSeconds)
        .build()
        .toString();
  }

  /**
   * A visitor's widget is turned away: the visitor or their address is blocked. The socket is
   * closed after it (1008).
   */
  public static String blocked() {
    return error("blocked", "this chat is not available", null);
  }

  /**
   * A member of staff invites the visitor to chat: {@code agent.name} and the greeting ({@code
   * text}; absent when the widget is to use its own words).
   */
  public static String invite(String agentName, String text) {
    JsonObjectBuilder frame =
        Jsonp.createObjectBuilder()
            .add("type", "invite")
            .add("agent", Jsonp.createObjectBuilder().add("name", agentName));
    if (text != null) {
      frame.add("text", text);
    }
    return frame.build().toString();
  }

  public static String assigned(String conversationId, String agentName) {
    return Jsonp.createObjectBuilder()
        .add("type", "assigned")
        .add("conversationId", conversationId)
        .add("agent", Jsonp.createObjectBuilder().add("name", agentName))
        .build()
        .toString();
  }

  public static String typing(String conversationId, boolean on) {
    return Jsonp.createObjectBuilder()
        .add("type", "typing")
        .add("conversationId", conversationId)
        .add("on", on)
        .build()
        .toString();
  }

  public static String read(String conversationId, long seq) {
    return Jsonp.createObjectBuilder()
        .add("type", "read")
        .add("conversationId", conversationId)
        .add("seq", seq)
        .build()
        .toString();
  }

  /** The agent has read up to {@code seq} on another of their consoles. */
  public static String agentRead(String conversationId, long seq) {
    return Jsonp.createObjectBuilder()
        .add("type", "agent_read")
        .add("conversationId", conversationId)
        .add("seq", seq)
        .build()
        .toString();
  }

  public static String closed(String conversationId, String by) {
    return Jsonp.createObjectBuilder()
        .add("type", "closed")
        .add("conversationId", conversationId)
        .add("by", by)
        .build()
        .toString();
  }

  /**
   * {@code closed} for the agent a conversation was taken from: {@code by} is {@code transfer} as
   * ever, and the optional {@code reason} says why ({@code transfer}, or {@code offer_timeout} with
   * the department's {@code offerSeconds}), and {@code to} who has it now.
   */
  public static String handedOn(
      String conversationId, String reason, Integer offerSeconds, String toAgentName) {
    JsonObjectBuilder frame =
        Jsonp.createObjectBuilder()
            .add("type", "closed")
            .add("conversationId", conversationId)
            .add("by", "transfer");
    if (reason != null) {
      frame.add("reason", reason);
    }
    if (offerSeconds != null) {
      frame.add("offerSeconds", offerSeconds);
    }
    if (toAgentName != null) {
      frame.add("to", Jsonp.createObjectBuilder().add("type", "agent").add("name", toAgentName));
    }
    return frame.build().toString();
  }

  /**
   * For supervisors and admins: a live conversation of their department changed ({@code state}
   * {@code assigned}, with {@code agentName}, or {@code closed}).
   */
  public static String live(String conversationId, String state, String agentName) {
    JsonObjectBuilder frame =
        Jsonp.createObjectBuilder()
            .add("type", "live")
            .add("conversationId", conversationId)
            .add("state", state);
    if (agentName != null) {
      frame.add("agentName", agentName);
    }
    return frame.build().toString();
  }

  /** How many visitors wait in the department's queue now. */
  public static String waiting(String departmentId, int count) {
    return waitingBuilder(departmentId, count).build().toString();
  }

  /**
   * As {@link #waiting(String, int)}, to an agent who has just joined ({@code member} true) or left
   * (false) the department, so that the console counts it among its own, or no longer.
   */
  public static String waiting(String departmentId, int count, boolean member) {
    return waitingBuilder(departmentId, count).add("member", member).build().toString();
  }

  private static JsonObjectBuilder waitingBuilder(String departmentId, int count) {
    return Jsonp.createObjectBuilder()
        .add("type", "waiting")
        .add("departmentId", departmentId)
        .add("count", count);
  }

  public static String agentStatus(String status) {
    return Jsonp.createObjectBuilder()
        .add("type", "status")
        .add("value", status)
        .build()
        .toString();
  }

  /** The agent is in one of the tenant's own statuses. */
  public static String agentStatus(CustomStatus custom) {
    return Jsonp.createObjectBuilder()
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
        Jsonp.createObjectBuilder()
            .add("type", "visitor_page")
            .add("conversationId", conversationId);
    addNullable(frame, "url", url);
    addNullable(frame, "title", title);
    return frame.build().toString();
  }

  public static String conversation(ConversationView view) {
    return Jsonp.createObjectBuilder()
        .add("type", "conversation")
        .add(
            "conversation",
            ConversationSummary.json(view).add("departmentId", view.conversation().departmentId()))
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
    JsonObjectBuilder author = Jsonp.createObjectBuilder();
    addNullable(author, "id", authorId);
    addNullable(author, "name", authorName);
    return Jsonp.createObjectBuilder()
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
        ConversationSummary.json(view).add("departmentId", view.conversation().departmentId());
    if (agentId == null) {
      summary.addNull("agent");
    } else {
      JsonObjectBuilder agent = Jsonp.createObjectBuilder().add("id", agentId);
      addNullable(agent, "name", agentName);
      summary.add("agent", agent);
    }
    return Jsonp.createObjectBuilder()
        .add("type", "watching")
        .add("conversation", summary)
        .build()
        .toString();
  }

  public static String unwatched(String conversationId) {
    return Jsonp.createObjectBuilder()
        .add("type", "unwatched")
        .add("conversationId", conversationId)
        .build()
        .toString();
  }

  /** {@code typing} as a watcher gets it: which side is typing. */
  public static String typing(String conversationId, String side, boolean on) {
    return Jsonp.createObjectBuilder()
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
      Iterable<ConversationView> conversations,
      Map<String, Integer> waiting) {
    var list = Jsonp.createArrayBuilder();
    for (ConversationView view : conversations) {
      list.add(ConversationSummary.json(view));
    }
    var customs = Jsonp.createArrayBuilder();
    for (CustomStatus custom : statuses) {
      customs.add(
          Jsonp.createObjectBuilder()
              .add("id", custom.id())
              .add("name", custom.name())
              .add("available", custom.available()));
    }
    JsonObjectBuilder frame =
        Jsonp.createObjectBuilder()
            .add("type", "welcome")
            .add("agent", Jsonp.createObjectBuilder().add("id", agentId).add("name", agentName))
            .add("status", status);
    if (statusId != null) {
      frame.add("statusId", statusId);
    }
    var queues = Jsonp.createArrayBuilder();
    waiting.forEach(
        (departmentId, count) ->
            queues.add(
                Jsonp.createObjectBuilder().add("departmentId", departmentId).add("count", count)));
    return frame
        .add("statuses", customs)
        .add("conversations", list)
        .add("waiting", queues)
        .build()
        .toString();
  }

  private static void addNullable(JsonObjectBuilder builder, String name, String value) {
    ConversationSummary.addNullable(builder, name, value);
  }
}
