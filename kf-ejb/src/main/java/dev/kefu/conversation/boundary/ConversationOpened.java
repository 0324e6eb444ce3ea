package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;

/**
 * A visitor's first message opened the conversation, stored and flushed, in the same transaction
 * and under the lock of the conversation's department: it is to be assigned or queued now (the
 * routing component observes it synchronously). Not an event for the edge, which hears of the
 * message by {@code MessagePosted} after commit.
 */
public record ConversationOpened(Conversation conversation) {}
