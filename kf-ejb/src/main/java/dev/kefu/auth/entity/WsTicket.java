package dev.kefu.auth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A single-use permission for an agent to open one WebSocket. Only the SHA-256 of the ticket is
 * stored, so the table does not hold usable tickets.
 */
@Entity
@Table(name = "ws_ticket")
public class WsTicket {

  @Id private String id;

  @Column(name = "agent_id", nullable = false)
  private String agentId;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "used_at")
  private Instant usedAt;

  protected WsTicket() {}

  public WsTicket(String digest, String agentId, Instant expiresAt) {
    this.id = digest;
    this.agentId = agentId;
    this.expiresAt = expiresAt;
  }

  public String agentId() {
    return agentId;
  }
}
