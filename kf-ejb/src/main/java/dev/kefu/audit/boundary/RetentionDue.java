package dev.kefu.audit.boundary;

import java.time.Instant;

/**
 * The daily retention run has deleted the old audit events ({@link AuditRetention}); other records
 * kept for a limited time (failed sign-ins) may go too. Fired outside any transaction; an observer
 * runs its own. Not an event for the edge.
 */
public record RetentionDue(Instant now) {}
