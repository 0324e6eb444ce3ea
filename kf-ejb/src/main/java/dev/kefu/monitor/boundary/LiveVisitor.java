package dev.kefu.monitor.boundary;

import java.time.Instant;

/**
 * A visitor on one of the tenant's sites now, as the live monitor shows them: where they are, since
 * when, with what, and whether they chat (their open conversation, its state and agent; null when
 * they do not).
 */
public record LiveVisitor(
    String visitorId,
    String name,
    String siteName,
    String pageUrl,
    String pageTitle,
    Instant visitStartedAt,
    Instant lastSeenAt,
    String device,
    String browser,
    String locale,
    int visits,
    String conversationId,
    String conversationState,
    String agentName) {

  public boolean chatting() {
    return conversationId != null;
  }
}
