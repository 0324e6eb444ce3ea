package dev.kefu.chat.control;

import java.time.Instant;

/**
 * What the handshake established before the socket opened: for a visitor the site, for an agent who
 * redeemed the ticket; for both the tenant, the client's address and browser.
 */
public record Admission(
    Side side,
    String tenantId,
    String siteId,
    String agentId,
    String clientIp,
    String userAgent,
    Instant admittedAt) {

  /** Which kind of endpoint the socket belongs to. */
  public enum Side {
    VISITOR,
    AGENT
  }
}
