package dev.kefu.protection.entity;

import java.util.Locale;

/** What becomes of a message that holds a sensitive word. */
public enum WordMode {
  /** Stored and shown with each sensitive word replaced by ＊, one per character. */
  MASK,
  /** Not stored: the sender is told that the message was refused. */
  REFUSE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode its wire name names; {@link IllegalArgumentException} for anything else. */
  public static WordMode fromWire(String wire) {
    for (WordMode mode : values()) {
      if (mode.wire().equals(wire)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("mode is mask or refuse");
  }
}
