package dev.kefu.events;

import java.time.Instant;

/**
 * A message was committed. {@code origin} names the connection that sent it (opaque to the
 * business), so that the edge does not echo the message to its own sender.
 */
public record MessagePosted(
    String conversationId,
    String visitorId,
    String agentId,
    long seq,
    String senderType,
    String senderId,
    String senderName,
    String text,
    Instant at,
    String origin)
    implements KefuEvent {}
