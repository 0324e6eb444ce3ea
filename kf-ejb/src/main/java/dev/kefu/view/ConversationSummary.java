package dev.kefu.view;

import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.shared.Jsonp;
import dev.kefu.tenant.entity.WidgetSettings;
import dev.kefu.visitor.entity.Visitor;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation as the agent console shows it, in the agent socket's frames ({@code welcome},
 * {@code conversation}, {@code watching}, {@code missed}) and in the REST list of missed chats: its
 * state, its visitor, the visitor's pre-chat fields ({@code prechat}, other than name and e-mail,
 * which are the visitor's) and rating ({@code rating}) when there are any. Each edge adds what its
 * answer needs ({@code departmentId}, {@code closedAt}, …) to the builder.
 *
 * <p>{@code prechatFields} lists the same answers in the order of the site's pre-chat form, each
 * with the form's type and label, so that a console shows them as the form asked for them; an
 * answer to a field the form no longer has comes last, with an empty label. {@code visitorReadSeq}
 * is how far the visitor has read, so that a console shows its read marks again after a reload.
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
            .add("visitorReadSeq", conversation.visitorReadSeq())
            .add("visitor", visitor(view.visitor()));
    if (conversation.prechat() != null) {
      JsonObject answers;
      try (var reader = Jsonp.createReader(conversation.prechat())) {
        answers = reader.readObject();
      }
      summary.add("prechat", answers);
      summary.add("prechatFields", prechatFields(answers, view.prechatForm()));
    }
    if (conversation.ratingScore() != null) {
      JsonObjectBuilder rating =
          Jsonp.createObjectBuilder().add("score", conversation.ratingScore());
      addNullable(rating, "comment", conversation.ratingComment());
      summary.add("rating", rating);
    }
    return summary;
  }

  /** The answers in the form's order, with its types and labels; unknown ones last. */
  public static JsonArray prechatFields(JsonObject answers, List<WidgetSettings.Field> form) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> answer : answers.entrySet()) {
      if (answer.getValue() instanceof JsonString value) {
        byKey.put(answer.getKey(), value.getString());
      }
    }
    JsonArrayBuilder fields = Jsonp.createArrayBuilder();
    for (WidgetSettings.Answer answer : WidgetSettings.labelled(form, byKey)) {
      fields.add(
          Jsonp.createObjectBuilder()
              .add("key", answer.key())
              .add("type", answer.type())
              .add("label", answer.label())
              .add("value", answer.value()));
    }
    return fields.build();
  }

  /**
   * The conversation's pre-chat answers as {@code prechatFields} (empty when it has none), for an
   * answer that lists a conversation in a shape of its own.
   */
  public static JsonArray prechatFields(
      Conversation conversation, List<WidgetSettings.Field> form) {
    if (conversation.prechat() == null) {
      return JsonValue.EMPTY_JSON_ARRAY;
    }
    try (var reader = Jsonp.createReader(conversation.prechat())) {
      return prechatFields(reader.readObject(), form);
    }
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
