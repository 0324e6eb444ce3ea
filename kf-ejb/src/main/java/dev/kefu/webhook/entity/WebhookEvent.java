package dev.kefu.webhook.entity;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of event a webhook may ask for, by their wire names. */
public enum WebhookEvent {
  CONVERSATION_STARTED("conversation.started"),
  MESSAGE_CREATED("message.created"),
  CONVERSATION_CLOSED("conversation.closed"),
  CONVERSATION_RATED("conversation.rated"),
  MESSAGE_LEFT("message.left"),
  VISITOR_ERASED("visitor.erased"),
  /** Sent only on request, to try a receiver; never subscribed to. */
  PING("ping");

  private final String wire;

  WebhookEvent(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<WebhookEvent> ofWire(String wire) {
    return Arrays.stream(values()).filter(e -> e.wire.equals(wire)).findFirst();
  }
}
