package dev.kefu.view;

import dev.kefu.conversation.entity.Message;
import dev.kefu.file.entity.StoredFile;
import dev.kefu.shared.Jsonp;
import jakarta.json.JsonObjectBuilder;

/**
 * One message of a conversation as participants see it: the fields of a {@code msg} frame after its
 * {@code type} and {@code conversationId}, and an item of the REST list of messages. {@code file}
 * only when it carries one.
 */
public record MessageView(long seq, Sender sender, String text, String at, FileView file) {

  /** Who wrote a message: {@code visitor}, {@code agent}, {@code bot} or {@code system}. */
  public record Sender(String type, String name) {}

  public static MessageView of(Message message) {
    StoredFile file = message.file();
    return new MessageView(
        message.seq(),
        new Sender(message.senderType().wire(), message.senderName()),
        message.text(),
        Wire.timestamp(message.createdAt()),
        file == null ? null : FileView.of(file));
  }

  /** As JSON, in the protocol's order; the sender's {@code name} is always there, null or not. */
  public JsonObjectBuilder json() {
    JsonObjectBuilder author = Jsonp.createObjectBuilder().add("type", sender.type());
    ConversationSummary.addNullable(author, "name", sender.name());
    JsonObjectBuilder json =
        Jsonp.createObjectBuilder()
            .add("seq", seq)
            .add("sender", author)
            .add("text", text)
            .add("at", at);
    if (file != null) {
      json.add("file", file.json());
    }
    return json;
  }
}
