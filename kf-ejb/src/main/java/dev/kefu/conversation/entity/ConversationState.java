package dev.kefu.conversation.entity;

import java.util.Locale;

/** {@code queued → assigned → closed}; {@code missed} when it closed with no agent's answer. */
public enum ConversationState {
  QUEUED,
  ASSIGNED,
  CLOSED,
  MISSED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isOpen() {
    return this == QUEUED || this == ASSIGNED;
  }
}
