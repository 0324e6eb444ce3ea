package dev.kefu.events;

/** One side of a conversation has read every message up to {@code seq}. */
public record ReadUpTo(
    String conversationId, String visitorId, String agentId, String side, long seq, String origin)
    implements KefuEvent {}
