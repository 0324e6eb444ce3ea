package dev.kefu.events;

/** A conversation ended; {@code by} is {@code visitor}, {@code agent} or {@code system}. */
public record ConversationClosed(String conversationId, String visitorId, String agentId, String by)
    implements KefuEvent {}
