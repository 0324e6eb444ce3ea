package dev.kefu.conversation.boundary;

/**
 * An agent's text message as the socket received it, for {@link TextGroups}: who sent it, to which
 * conversation, the client's id of it, its text and the connection it came from ({@code origin},
 * which does not get it back as a {@code msg}).
 */
public record AgentText(
    String agentId, String conversationId, String clientMsgId, String text, String origin) {}
