package dev.kefu.tenant.entity;

import java.util.Locale;

/** How a department chooses among its available members with a free place. */
public enum RoutingStrategy {
  /** The member with the fewest open conversations; among equals, who waited longest for one. */
  LEAST_BUSY,
  /** The member who was given a conversation of this department longest ago: a fair rotation. */
  ROUND_ROBIN;

  /** The API's spelling: {@code least_busy}, {@code round_robin}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the API's spelling; {@code null} for anything else. */
  public static RoutingStrategy fromWire(String value) {
    for (RoutingStrategy strategy : values()) {
      if (strategy.wire().equals(value)) {
        return strategy;
      }
    }
    return null;
  }
}
