package dev.kefu.events;

/**
 * A member of staff invited a visitor to chat: the visitor's widget, on whichever node its socket
 * is, opens with the greeting ({@code text}, or the widget's own words when null) in the agent's
 * name.
 */
public record VisitorInvited(String visitorId, String agentName, String text)
    implements KefuEvent {}
