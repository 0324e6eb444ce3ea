package dev.kefu.auth.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.auth.entity.WsTicket;
import dev.kefu.shared.Clock;
import dev.kefu.shared.PublicId;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Tickets for agent WebSockets: issued to a signed-in agent, good for {@value #LIFETIME_SECONDS}
 * seconds and for one handshake, on whichever node it arrives.
 */
@Stateless
public class WsTickets {

  public static final int LIFETIME_SECONDS = 60;

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;

  /** A new ticket for the agent; the caller has checked that they hold the agent role. */
  public String issue(String agentId) {
    String ticket = PublicId.randomToken(32);
    Instant now = clock.now();
    em.persist(new WsTicket(digest(ticket), agentId, now.plusSeconds(LIFETIME_SECONDS)));
    em.createQuery("delete from WsTicket t where t.expiresAt < :old")
        .setParameter("old", now.minus(Duration.ofHours(1)))
        .executeUpdate();
    return ticket;
  }

  /**
   * Uses the ticket up and answers the agent it was issued to; empty when it is unknown, expired,
   * used before, or its holder is no longer an agent.
   */
  public Optional<Agent> redeem(String ticket) {
    if (ticket == null || ticket.isBlank() || ticket.length() > 128) {
      return Optional.empty();
    }
    String digest = digest(ticket);
    Instant now = clock.now();
    int claimed =
        em.createQuery(
                "update WsTicket t set t.usedAt = :now"
                    + " where t.id = :id and t.usedAt is null and t.expiresAt > :now")
            .setParameter("now", now)
            .setParameter("id", digest)
            .executeUpdate();
    if (claimed != 1) {
      return Optional.empty();
    }
    WsTicket used = em.find(WsTicket.class, digest);
    Agent agent = em.find(Agent.class, used.agentId());
    return agent != null && agent.hasRole(Role.AGENT) ? Optional.of(agent) : Optional.empty();
  }

  private static String digest(String ticket) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
