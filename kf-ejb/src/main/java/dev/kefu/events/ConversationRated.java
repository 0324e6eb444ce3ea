package dev.kefu.events;

/** The visitor rated a closed conversation; the agent who had it is told. */
public record ConversationRated(String conversationId, String agentId, int score, String comment)
    implements KefuEvent {}
