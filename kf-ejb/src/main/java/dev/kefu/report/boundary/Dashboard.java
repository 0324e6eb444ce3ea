package dev.kefu.report.boundary;

import dev.kefu.report.entity.Grouping;
import dev.kefu.report.entity.LiveFigures;
import dev.kefu.report.entity.ReportPeriod;
import dev.kefu.shared.Clock;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The tenant's service at a glance: who works and who waits now, and how today went so far.
 *
 * <p>"Now" is read from the database, which every node of a cluster keeps current: an agent's
 * status goes offline when their last console anywhere closes ({@code ClusterPresence}), and a
 * visitor's {@code disconnected_at} is null while a page of theirs has the widget connected (the
 * widget connects as the page loads). A visitor counts as on the sites when their widget is
 * connected and they arrived or changed page within the last {@link #PRESENT_WITHIN}, so that
 * visitors whose node died without noting their leaving stop counting after a while.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Dashboard {

  /** How recently a connected visitor must have arrived or changed page to count as present. */
  public static final Duration PRESENT_WITHIN = Duration.ofHours(4);

  @PersistenceContext private EntityManager em;
  @Inject private Reports reports;
  @Inject private Clock clock;

  /** The tenant's figures now, with today's as a day in {@code zone}. */
  public LiveFigures now(String tenantId, ZoneId zone) {
    Instant now = clock.now();
    Object[] live =
        (Object[])
            em.createNativeQuery(
                    "SELECT"
                        + " (SELECT COUNT(*) FROM agent a WHERE a.tenant_id = ?1"
                        + " AND a.status <> 'OFFLINE' AND a.disconnected_at IS NULL),"
                        + " (SELECT COUNT(*) FROM agent a WHERE a.tenant_id = ?1"
                        + " AND a.disconnected_at IS NULL AND (a.status = 'ONLINE'"
                        + " OR (a.status = 'CUSTOM' AND EXISTS (SELECT 1 FROM agent_status s"
                        + " WHERE s.id = a.custom_status_id AND s.available = TRUE)))),"
                        + " (SELECT COUNT(*) FROM visitor v WHERE v.tenant_id = ?1"
                        + " AND v.disconnected_at IS NULL AND v.last_seen_at >= ?2),"
                        + " (SELECT COUNT(*) FROM conversation c WHERE c.tenant_id = ?1"
                        + " AND c.state IN ('QUEUED', 'ASSIGNED') AND c.first_response_at IS NULL),"
                        + " (SELECT COUNT(*) FROM conversation c WHERE c.tenant_id = ?1"
                        + " AND c.state IN ('QUEUED', 'ASSIGNED')"
                        + " AND c.first_response_at IS NOT NULL)")
                .setParameter(1, tenantId)
                .setParameter(2, LocalDateTime.ofInstant(now.minus(PRESENT_WITHIN), ZoneOffset.UTC))
                .getSingleResult();
    LocalDate today = LocalDate.ofInstant(now, zone);
    return new LiveFigures(
        count(live[0]),
        count(live[1]),
        count(live[2]),
        count(live[3]),
        count(live[4]),
        reports.report(tenantId, new ReportPeriod(today, today, zone), Grouping.ALL).total(),
        zone,
        now);
  }

  private static long count(Object value) {
    return ((Number) value).longValue();
  }
}
