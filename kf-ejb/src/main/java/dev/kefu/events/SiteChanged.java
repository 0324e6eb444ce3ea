package dev.kefu.events;

/**
 * A site's settings or routing rules changed, or it was made or deleted, or (with no site named)
 * its tenant was suspended, resumed or moved: every node forgets what it kept of sites, their rules
 * and their tenants' suspension ({@code SiteCache}, {@code RoutingCache}) and reads them afresh at
 * the next visitor's arrival.
 */
public record SiteChanged(String tenantId, String siteId) implements KefuEvent {}
