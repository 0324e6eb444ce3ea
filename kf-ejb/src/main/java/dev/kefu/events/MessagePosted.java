package dev.kefu.events;

import java.time.Instant;

/**
 * A message was committed. {@code origin} names the connection that sent it (opaque to the
 * business), so that the edge does not echo the message to its own sender. {@code file} is the file
 * the message carries, or null.
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
    String origin,
    Attachment file)
    implements KefuEvent {

  /** The file a message carries, as its participants see it. */
  public record Attachment(String id, String name, long size, String contentType) {}
}
