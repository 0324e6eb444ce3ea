package dev.kefu.audit.boundary;

import dev.kefu.audit.control.RefusalThrottle;
import dev.kefu.audit.entity.Actor;
import dev.kefu.audit.entity.ActorType;
import dev.kefu.audit.entity.Source;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit log of what the chat edge refuses: handshakes (unknown site, foreign origin, bad
 * ticket, too many connections), forged or expired visitor tokens, wrong or missing identities, and
 * sockets over their frame rate or frame size. Throttled per address, reason and site ({@link
 * RefusalThrottle}): the first refusal of a window ({@code kf.audit.refusals.window-seconds}, a
 * minute) is written at once with {@code "count":1}, the rest of that window once it has ended, as
 * one row with their count. So an attacker cannot fill the table, and the counts still add up to
 * every refusal.
 *
 * <p>Each node counts its own refusals; the rows of several nodes add up the same way.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Refusals {

  private static final Logger LOG = Logger.getLogger(Refusals.class.getName());

  /**
   * One refusal.
   *
   * @param tenantId the site's tenant; {@code null} when no site is known
   * @param siteId the site; {@code null} when none is known
   * @param actor who tried: a visitor or agent id when known, else {@code visitor} or {@code agent}
   * @param actorType {@code anonymous} unless a signed-in agent's socket is refused
   * @param ip the client's address
   * @param action one of the refusal actions of {@link dev.kefu.audit.entity.Action}
   * @param reason why, as the action's documentation lists
   * @param detail further JSON fields for the row (never a token, ticket, hash or secret), or null
   */
  public record Refusal(
      String tenantId,
      String siteId,
      String actor,
      ActorType actorType,
      String ip,
      String action,
      String reason,
      JsonObject detail) {}

  @Inject AuditLog auditLog;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "kf.audit.refusals.window-seconds", defaultValue = "60")
  int windowSeconds;

  @Inject
  @ConfigProperty(name = "kf.audit.refusals.max-addresses", defaultValue = "1000")
  int maxKeys;

  private RefusalThrottle throttle;

  @PostConstruct
  void configure() {
    throttle = new RefusalThrottle(Duration.ofSeconds(Math.max(1, windowSeconds)), maxKeys);
  }

  /**
   * Audits a refusal, or counts it when its address already has a row for this reason in the
   * current window. Answers whether a row was written now, so callers can log only those. Never
   * throws: a refusal stands whether or not it could be audited.
   */
  public boolean record(Refusal refusal) {
    RefusalThrottle.Key key =
        new RefusalThrottle.Key(refusal.action(), refusal.reason(), refusal.ip(), refusal.siteId());
    JsonObject detail = detail(refusal);
    if (!throttle.first(key, refusal.tenantId(), detail, clock.now())) {
      return false;
    }
    RefusalThrottle.Key counted = throttle.keyFor(key);
    try {
      auditLog.recordApart(
          new Actor(
              refusal.tenantId(),
              counted.ip() == null ? "many" : refusal.actor(),
              refusal.actorType(),
              counted.ip(),
              Source.WEBSOCKET),
          refusal.action(),
          refusal.siteId() == null ? null : "site",
          counted.siteId(),
          Jsonp.createObjectBuilder(detail).add("count", 1).build());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not audit a refusal (" + refusal.action() + ")", e);
    }
    return true;
  }

  /** Writes the counts of the windows that have ended. */
  @Schedule(hour = "*", minute = "*", second = "7", persistent = false, info = "refusal counts")
  public void flush() {
    for (RefusalThrottle.Summary summary : throttle.drain(clock.now())) {
      RefusalThrottle.Key key = summary.key();
      try {
        auditLog.recordApart(
            new Actor(
                summary.tenantId(),
                key.ip() == null ? "many" : "repeated",
                ActorType.ANONYMOUS,
                key.ip(),
                Source.WEBSOCKET),
            key.action(),
            key.siteId() == null ? null : "site",
            key.siteId(),
            Jsonp.createObjectBuilder(summary.detail())
                .add("count", summary.count())
                .add("from", summary.from().toString())
                .add("to", summary.to().toString())
                .build());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not audit the count of refusals (" + key.action() + ")", e);
      }
    }
  }

  private static JsonObject detail(Refusal refusal) {
    JsonObjectBuilder detail = Jsonp.createObjectBuilder().add("reason", refusal.reason());
    if (refusal.detail() != null) {
      refusal.detail().forEach(detail::add);
    }
    return detail.build();
  }
}
