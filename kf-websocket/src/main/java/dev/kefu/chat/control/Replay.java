package dev.kefu.chat.control;

import dev.kefu.conversation.boundary.Messages;
import dev.kefu.conversation.boundary.Notes;
import dev.kefu.conversation.entity.Message;
import dev.kefu.conversation.entity.Note;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Sends a client every committed message of a conversation after a given seq, in order; for staff,
 * followed by the conversation's internal notes. History is read and sent a page at a time; an
 * answer to the client's own frame waits for the client to read each page before the next is read
 * ({@link Connection#awaitRoom()}), so a long history costs one page of memory, not all of it.
 */
public final class Replay {

  /** Messages read from the database and queued for the client at a time. */
  static final int PAGE = 100;

  private Replay() {}

  /** Replays to the socket whose frame is being answered; stops if the client does not read. */
  public static void after(
      Messages messages, String conversationId, long afterSeq, Connection client) {
    after(messages, conversationId, afterSeq, client::reply, client::awaitRoom);
  }

  /** For staff, as an answer to their own frame: messages, then notes. */
  public static void after(
      Messages messages, Notes notes, String conversationId, long afterSeq, Connection client) {
    if (after(messages, conversationId, afterSeq, client::reply, client::awaitRoom)) {
      notes(notes, conversationId, client::reply);
    }
  }

  /**
   * For staff, pushed to {@code send} without waiting (an event's fan-out must not wait for one
   * slow client; a socket that cannot keep up is closed by its own bound and resumes later).
   */
  public static void after(
      Messages messages, Notes notes, String conversationId, long afterSeq, Consumer<String> send) {
    after(messages, conversationId, afterSeq, send, () -> true);
    notes(notes, conversationId, send);
  }

  /** False when the client stopped reading and the rest was not sent. */
  private static boolean after(
      Messages messages,
      String conversationId,
      long afterSeq,
      Consumer<String> send,
      BooleanSupplier room) {
    long after = Math.max(0, afterSeq);
    while (true) {
      List<Message> page = messages.after(conversationId, after, PAGE);
      page.forEach(m -> send.accept(Frames.msg(m)));
      if (page.size() < PAGE) {
        return true;
      }
      if (!room.getAsBoolean()) {
        return false;
      }
      after = page.get(page.size() - 1).seq();
    }
  }

  private static void notes(Notes notes, String conversationId, Consumer<String> send) {
    for (Note note : notes.of(conversationId)) {
      send.accept(Frames.note(note));
    }
  }
}
