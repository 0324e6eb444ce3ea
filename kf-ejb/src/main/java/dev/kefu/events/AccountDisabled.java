package dev.kefu.events;

/**
 * An admin disabled a member of staff's account: every console socket of theirs, on every node,
 * closes at once.
 */
public record AccountDisabled(String tenantId, String agentId) implements KefuEvent {}
