package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;

/**
 * The conversation went back in line in {@code departmentId}, flushed, in the same transaction and
 * under that department's lock: it and the rest of the queue are to be served and told their places
 * (the routing component observes it synchronously). Not an event for the edge.
 */
public record ConversationRequeued(Conversation conversation, String departmentId) {}
