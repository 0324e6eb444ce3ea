package dev.kefu.agent.entity;

import java.util.Locale;

/**
 * Whether an agent takes new conversations. {@link #ONLINE} agents are assigned new ones; so are
 * agents in a {@link #CUSTOM} status that the tenant defined as available ({@link CustomStatus}).
 */
public enum AgentStatus {
  ONLINE,
  AWAY,
  OFFLINE,
  /** One of the tenant's own statuses, named by the agent's {@code customStatusId}. */
  CUSTOM;

  /** The protocol's spelling: {@code online}, {@code away}, {@code offline}, {@code custom}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the protocol's spelling; {@code null} for anything else. */
  public static AgentStatus fromWire(String value) {
    if (value == null) {
      return null;
    }
    for (AgentStatus status : values()) {
      if (status.wire().equals(value)) {
        return status;
      }
    }
    return null;
  }
}
