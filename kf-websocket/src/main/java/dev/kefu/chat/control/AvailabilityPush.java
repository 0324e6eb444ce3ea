package dev.kefu.chat.control;

import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.reception.boundary.Welcome;
import dev.kefu.routing.boundary.Availability;
import dev.kefu.tenant.control.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Keeps open widgets true to whether anyone answers: when the tenant's availability may have
 * changed, each visitor socket of this node is told ({@code availability}) if its answer now
 * differs from what it was last told, in {@code welcome} or here. The answer is worked out once per
 * site, then per socket from its page and language, as {@code welcome.online} is; for a visitor
 * with an open conversation, from the department of that conversation (the one they picked in the
 * pre-chat form, or where the chat was routed or transferred) instead.
 */
@ApplicationScoped
public class AvailabilityPush {

  private static final Logger LOG = Logger.getLogger(AvailabilityPush.class.getName());

  @Inject Connections connections;
  @Inject Availability availability;
  @Inject Conversations conversations;

  /** What the widget learnt in its {@code welcome}: not to be told again until it changes. */
  public static void welcomed(Connection connection, Welcome welcome) {
    connection.tellAvailability(Frames.availability(welcome.online(), welcome.departments()));
  }

  /** The tenant's availability may have changed: tells this node's widgets whose answer did. */
  void changed(String tenantId) {
    connections.visitorsOf(tenantId).stream()
        .collect(Collectors.groupingBy(c -> c.admission().siteId()))
        .forEach((siteId, sockets) -> tell(tenantId, siteId, sockets));
  }

  /**
   * The visitor's conversation ended or moved to another department: their widgets on this node
   * hear about where a new chat would go now, or about the conversation's new department.
   */
  void visitorMoved(String visitorId) {
    List<Connection> sockets = connections.visitorSockets(visitorId);
    if (!sockets.isEmpty()) {
      Admission admission = sockets.get(0).admission();
      tell(admission.tenantId(), admission.siteId(), sockets);
    }
  }

  /** Tells these sockets of one site whose answer changed. */
  private void tell(String tenantId, String siteId, List<Connection> sockets) {
    Optional<Availability.OfSite> now;
    Map<String, String> chatsIn;
    try {
      chatsIn =
          TenantScope.call(
              tenantId,
              () ->
                  conversations.openDepartmentsOf(
                      sockets.stream()
                          .map(Connection::visitorId)
                          .filter(Objects::nonNull)
                          .toList()));
      now = TenantScope.call(tenantId, () -> availability.of(siteId, Set.copyOf(chatsIn.values())));
    } catch (RuntimeException e) {
      // The database is down, most likely: the widgets learn it at their next welcome.
      LOG.log(Level.WARNING, "cannot tell the widgets of site " + siteId + " who answers", e);
      return;
    }
    now.ifPresent(
        site -> {
          for (Connection socket : sockets) {
            String frame =
                Frames.availability(
                    site.onlineFor(
                        socket.visitorPage(),
                        socket.visitorLocale(),
                        socket.visitorId() == null ? null : chatsIn.get(socket.visitorId())),
                    site.choices());
            if (socket.tellAvailability(frame)) {
              socket.send(frame);
            }
          }
        });
  }
}
