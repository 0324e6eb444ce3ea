package dev.kefu.chat.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every frame type the visitor socket accepts from its client, named as on the wire (the constant
 * in lower case). The endpoint switches over this list exhaustively, so a type cannot be handled
 * without being listed here, and the access matrix test reads it to check each type's roles.
 */
public enum VisitorFrameType {
  HELLO,
  PING,
  SEND,
  TYPING,
  READ,
  PAGE,
  CLOSE,
  RATE,
  TRANSCRIPT,
  LEAVE_MESSAGE;

  /** The type as it appears in a frame's {@code type}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type of this wire name; empty for a type the visitor socket does not know. */
  public static Optional<VisitorFrameType> of(String wire) {
    return Arrays.stream(values()).filter(t -> t.wire().equals(wire)).findFirst();
  }
}
