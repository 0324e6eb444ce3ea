package dev.kefu.view;

import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.shared.Jsonp;
import dev.kefu.visitor.entity.Visitor;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A conversation as the agent console shows it, in the agent socket's frames ({@code welcome},
 * {@code conversation}, {@code watching}, {@code missed}) and in the REST list of missed chats: its
 * state, its visitor, the visitor's pre-chat fields ({@code prechat}, other than name and e-mail,
 * which are the visitor's) and rating ({@code rating}) when there are any. Each edge adds what its
 * answer needs ({@code departmentId}, {@code closedAt}, …) to the builder.
 */
public final class ConversationSummary {

  private ConversationSummary() {}

  public static JsonObjectBuilder json(ConversationView view) {
    Conversation conversation = view.conversation();
    JsonObjectBuilder summary =
        Jsonp.createObjectBuilder()
            .add("id", conversation.id())
            .add("state", conversation.state().wire())
            .add("lastSeq", conversation.lastSeq())
            .add("agentReadSeq", conversation.agentReadSeq())
            .add("visitor", visitor(view.visitor()));
    if (conversation.prechat() != null) {
      try (var reader = Jsonp.createReader(conversation.prechat())) {
        summary.add("prechat", reader.readObject());
      }
    }
    if (conversation.ratingScore() != null) {
      JsonObjectBuilder rating =
          Jsonp.createObjectBuilder().add("score", conversation.ratingScore());
      addNullable(rating, "comment", conversation.ratingComment());
      summary.add("rating", rating);
    }
    return summary;
  }

  private static JsonObject visitor(Visitor visitor) {
    JsonObjectBuilder page = Jsonp.createObjectBuilder();
    addNullable(page, "url", visitor.pageUrl());
    addNullable(page, "title", visitor.pageTitle());
    JsonObjectBuilder json = Jsonp.createObjectBuilder().add("id", visitor.id());
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

  /** Adds {@code value}, or a JSON null when there is none: the field is always there. */
  public static void addNullable(JsonObjectBuilder builder, String name, String value) {
    if (value == null) {
      builder.addNull(name);
    } else {
      builder.add(name, value);
    }
  }
}
