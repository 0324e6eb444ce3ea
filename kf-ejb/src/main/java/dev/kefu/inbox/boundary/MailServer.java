package dev.kefu.inbox.boundary;

import dev.kefu.inbox.control.MailRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Whether the SMTP server that answers left messages can be reached, asked at most once a minute (a
 * greeting read over a new connection), for the node's health.
 */
@ApplicationScoped
public class MailServer {

  private static final long FRESH_NANOS = 60_000_000_000L;

  @Inject MailRelay relay;

  private Optional<String> last;
  private long askedAt;

  /** Whether an SMTP server is configured at all ({@code kf.mail.host}). */
  public boolean configured() {
    return relay.enabled();
  }

  /** Empty when the mail server greeted at the last ask (or none is configured); else why not. */
  public synchronized Optional<String> problem() {
    long now = System.nanoTime();
    if (last == null || now - askedAt > FRESH_NANOS) {
      last = relay.unreachable();
      askedAt = now;
    }
    return last;
  }
}
