package dev.kefu.conversation.boundary;

/**
 * A visitor's text message as the socket received it, for {@link TextGroups}: who sent it, the
 * client's id of it, its text and the connection it came from ({@code origin}, which does not get
 * it back as a {@code msg}).
 */
public record VisitorText(String visitorId, String clientMsgId, String text, String origin) {}
