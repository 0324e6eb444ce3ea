package dev.kefu.audit.boundary;

import dev.kefu.audit.control.Retention;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.metrics.boundary.Metrics;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Once a day, deletes audit events older than the retention ({@code kf.audit.retention-days}, at
 * least {@value Retention#MINIMUM_DAYS} days), then announces {@link RetentionDue} so that sign-in
 * forgets the failed sign-ins of user names that have been quiet for a day. Every node runs it:
 * each batch is a transaction of its own that deletes whatever is still there, so nodes running at
 * once only share the work.
 */
@Stateless
public class AuditRetention {

  static final int BATCH = 1000;
  private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

  @Inject private AuditLog auditLog;
  @Inject private Event<RetentionDue> due;
  @Inject private Clock clock;
  @Inject private Metrics metrics;

  @Inject
  @ConfigProperty(name = "kf.audit.retention-days", defaultValue = "" + Retention.DEFAULT_DAYS)
  private int retentionDays;

  @Schedule(hour = "3", minute = "41", persistent = false, info = "audit retention")
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void daily() {
    try {
      metrics.sweep("audit_retention", this::purge);
    } catch (RuntimeException e) {
      // Another node may have done it meanwhile; tomorrow's run takes what is left.
      LOG.log(Level.WARNING, "the daily deletion of old audit events stopped early", e);
    }
  }

  /** Deletes what the retention no longer covers and answers how many audit events went. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public int purge() {
    Retention retention = Retention.ofDays(retentionDays);
    if (retention.raised()) {
      LOG.warning(
          () ->
              "kf.audit.retention-days="
                  + retentionDays
                  + " is below the minimum; audit events are kept "
                  + retention.days()
                  + " days");
    }
    Instant now = clock.now();
    Instant cutoff = retention.cutoff(now);
    int deleted = 0;
    int batch;
    do {
      batch = auditLog.purgeBatch(cutoff, BATCH);
      deleted += batch;
    } while (batch == BATCH);
    if (deleted > 0) {
      int count = deleted;
      auditLog.recordApart(
          Actor.system(),
          Action.AUDIT_PURGE,
          "audit",
          null,
          Jsonp.createObjectBuilder()
              .add("before", cutoff.toString())
              .add("deleted", count)
              .add("retentionDays", retention.days())
              .build());
      LOG.info(() -> count + " audit events older than " + cutoff + " deleted");
    }
    due.fire(new RetentionDue(now));
    return deleted;
  }
}
