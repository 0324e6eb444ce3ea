package dev.kefu.events;

import java.time.Instant;

/**
 * An internal note on a conversation was committed. Goes to staff only: the conversation's agent
 * and whoever watches it; never to the visitor. {@code origin} names the connection that wrote it.
 */
public record NoteAdded(
    String conversationId,
    String agentId,
    String noteId,
    String clientMsgId,
    String authorId,
    String authorName,
    String text,
    Instant at,
    String origin)
    implements KefuEvent {}
