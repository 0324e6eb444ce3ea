package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;

/**
 * An open conversation has closed (or was missed), flushed, in the same transaction and under the
 * locks of its department and its row: its agent's place is free, and the queue of its department
 * may move (the routing component observes it synchronously). Not an event for the edge, which
 * hears {@code ConversationClosed} after commit.
 */
public record ConversationEnded(Conversation conversation) {}
