package dev.kefu.events;

/** The visitor of an open conversation moved to another page of the site. */
public record VisitorPageViewed(String conversationId, String agentId, String url, String title)
    implements KefuEvent {}
