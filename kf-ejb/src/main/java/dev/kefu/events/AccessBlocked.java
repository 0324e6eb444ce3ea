package dev.kefu.events;

/**
 * A visitor ({@code visitorId}) or an address range ({@code range}, {@code network/prefix}) of a
 * tenant was blocked: every node closes the matching visitor sockets it holds at once, and forgets
 * what it cached of the tenant's blocks. One of the two is null.
 */
public record AccessBlocked(String tenantId, String visitorId, String range) implements KefuEvent {}
