package dev.kefu.events;

/**
 * A site's settings or routing rules changed, or it was made or deleted: every node forgets what it
 * kept of sites and their rules ({@code SiteCache}, {@code RoutingCache}) and reads them afresh at
 * the next visitor's arrival.
 */
public record SiteChanged(String tenantId, String siteId) implements KefuEvent {}
