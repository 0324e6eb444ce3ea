package dev.kefu.chat.control;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the handshake gate established before the socket opened: for a visitor the site, for an
 * agent who redeemed the ticket; for both the tenant, the client's address and browser; and when
 * the handshake's thread has left the container's upgrade ({@link #upgrade()}).
 */
public record Admission(
    Side side,
    String tenantId,
    String siteId,
    String agentId,
    String clientIp,
    String userAgent,
    Instant admittedAt,
    Upgrade upgrade) {

  /** An admission whose handshake is still in the container's upgrade. */
  public Admission(
      Side side,
      String tenantId,
      String siteId,
      String agentId,
      String clientIp,
      String userAgent,
      Instant admittedAt) {
    this(side, tenantId, siteId, agentId, clientIp, userAgent, admittedAt, new Upgrade());
  }

  /** Which kind of endpoint the socket belongs to. */
  public enum Side {
    VISITOR,
    AGENT
  }

  /**
   * Whether the handshake's thread has left the upgrade. The socket opens inside the upgrade, and a
   * quick client can send its first frame before that thread is out of the container's code. If the
   * server closed the socket then, the container finished and reused the handshake's request while
   * the upgrade still used it (Payara Micro 6.2025: Tyrus's upgrade then failed and its error page
   * went out on another client's connection). So the first frame of a socket waits, briefly, until
   * the upgrade is over ({@link #awaitLeft}).
   */
  public static final class Upgrade {

    private final CountDownLatch left = new CountDownLatch(1);

    /** The handshake's thread is out of the upgrade (upgraded or not). */
    public void left() {
      left.countDown();
    }

    /**
     * Waits until the handshake's thread has left the upgrade, at most {@code bound}; false if it
     * had not by then (or the wait was interrupted).
     */
    public boolean awaitLeft(Duration bound) {
      try {
        return left.await(bound.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
