package dev.kefu.events;

/** A conversation was given to an agent (first assignment or a transfer). */
public record ConversationAssigned(
    String conversationId,
    String visitorId,
    String agentId,
    String agentName,
    String previousAgentId)
    implements KefuEvent {}
