package dev.kefu.events;

/**
 * A conversation was given to an agent (first assignment or a transfer). {@code reason} says why it
 * left {@code previousAgentId}: {@link #TRANSFER} (handed on by staff) or {@link #OFFER_TIMEOUT}
 * (not answered within {@code offerSeconds}); null for a first assignment.
 */
public record ConversationAssigned(
    String conversationId,
    String visitorId,
    String agentId,
    String agentName,
    String previousAgentId,
    String reason,
    Integer offerSeconds)
    implements KefuEvent {

  public static final String TRANSFER = "transfer";
  public static final String OFFER_TIMEOUT = "offer_timeout";
}
