package dev.kefu.chat.control;

import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.boundary.Notes;
import dev.kefu.conversation.entity.Message;
import dev.kefu.conversation.entity.Note;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends a client every committed message of a conversation after a given seq, in order; for staff,
 * followed by the conversation's internal notes.
 */
public final class Replay {

  private Replay() {}

  public static void after(
      Conversations conversations, String conversationId, long afterSeq, Consumer<String> send) {
    long after = Math.max(0, afterSeq);
    while (true) {
      List<Message> page = conversations.after(conversationId, after);
      if (page.isEmpty()) {
        return;
      }
      page.forEach(m -> send.accept(Frames.msg(m)));
      after = page.get(page.size() - 1).seq();
    }
  }

  /**
   * For staff: the messages after {@code afterSeq}, then every internal note of the conversation (a
   * console keeps notes by id, so one it has already is not shown twice).
   */
  public static void after(
      Conversations conversations,
      Notes notes,
      String conversationId,
      long afterSeq,
      Consumer<String> send) {
    after(conversations, conversationId, afterSeq, send);
    for (Note note : notes.of(conversationId)) {
      send.accept(Frames.note(note));
    }
  }
}
