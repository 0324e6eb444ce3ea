package dev.kefu.agent.entity;

import java.util.Locale;

/** Whether an agent takes new conversations. Only {@link #ONLINE} agents are assigned new ones. */
public enum AgentStatus {
  ONLINE,
  AWAY,
  OFFLINE;

  /** The protocol's spelling: {@code online}, {@code away}, {@code offline}. */
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
