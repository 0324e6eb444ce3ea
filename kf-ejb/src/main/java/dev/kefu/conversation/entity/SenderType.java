package dev.kefu.conversation.entity;

import java.util.Locale;

/** Who wrote a message. */
public enum SenderType {
  VISITOR,
  AGENT,
  BOT,
  SYSTEM;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
