package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;

/**
 * A visitor's first message opened the conversation, stored and flushed, in the same transaction
 * and under the lock of the conversation's department: it is to be assigned or queued now (the
 * routing component observes it synchronously). Not an event for the edge, which hears of the
 * message by {@code MessagePosted} after commit. {@code invitedBy} is the member of staff whose
 * invitation the visitor answers (null: none): they get it if they can take it now.
 */
public record ConversationOpened(Conversation conversation, String invitedBy) {

  /** A conversation opened by a visitor nobody invited. */
  public ConversationOpened(Conversation conversation) {
    this(conversation, null);
  }
}
