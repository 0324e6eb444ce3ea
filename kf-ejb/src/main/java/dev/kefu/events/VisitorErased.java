package dev.kefu.events;

/**
 * A visitor's data was erased at their request: every node closes that visitor's sockets ({@code
 * 1008}, reason {@code erased}), so that no page still open keeps talking as them.
 */
public record VisitorErased(String tenantId, String visitorId) implements KefuEvent {}
