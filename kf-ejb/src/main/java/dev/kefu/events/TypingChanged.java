package dev.kefu.events;

/** One side of a conversation started or stopped typing; {@code side} is visitor or agent. */
public record TypingChanged(
    String conversationId, String visitorId, String agentId, String side, boolean on, String origin)
    implements KefuEvent {}
