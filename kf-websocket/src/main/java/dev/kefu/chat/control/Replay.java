package dev.kefu.chat.control;

import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.entity.Message;
import java.util.List;
import java.util.function.Consumer;

/** Sends a client every committed message of a conversation after a given seq, in order. */
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
}
