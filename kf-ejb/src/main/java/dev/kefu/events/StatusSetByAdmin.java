package dev.kefu.events;

/**
 * An admin's change to an account moved the agent into another status ({@code status}, as on the
 * wire): no longer allowed the tenant's own statuses, an agent in one is away. Their connected
 * consoles show it at once, as they show a change made on another of the agent's devices.
 */
public record StatusSetByAdmin(String agentId, String status) implements KefuEvent {}
