package dev.kefu.events;

/**
 * Whether the tenant's departments answer may have changed: an agent went online, away or offline
 * (or into another status), lost their last console, was disabled; a department's hours or members
 * changed; or a department's business hours began or ended. Every node then works out, for each
 * visitor socket of the tenant it holds, whether anyone answers that visitor now, and tells the
 * widgets whose answer changed.
 */
public record AvailabilityChanged(String tenantId) implements KefuEvent {}
