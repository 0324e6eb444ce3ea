package dev.kefu.events;

/**
 * A tenant's blocks or sensitive words changed (a block lifted, the word list saved): every node
 * forgets what it cached of them and reads them afresh at the next need.
 */
public record ProtectionChanged(String tenantId) implements KefuEvent {}
