package dev.kefu.visitor.boundary;

/**
 * A visitor moved to another page, in the transaction that noted it: whoever keeps the visitor's
 * conversations tells their agents. Observed synchronously in the same transaction; not an event
 * for the edge.
 */
public record PageViewed(String visitorId, String url, String title) {}
