package dev.kefu.reception.boundary;

import dev.kefu.visitor.boundary.Identity;
import dev.kefu.visitor.entity.VisitorContext;

/**
 * What a visitor's {@code hello} presents: the token it kept (or none), an identity the site
 * vouched for (or none), where and with what it arrives, the conversation it wants to pick up (or
 * none), and the client's address (as the handshake established it).
 */
public record Hello(
    String visitorToken,
    Identity identity,
    VisitorContext context,
    Resume resume,
    String clientAddress) {

  /** The conversation to pick up, and the last {@code seq} the visitor has of it. */
  public record Resume(String conversationId, long lastSeq) {}

  /**
   * Whether this hello is greeted alone, never in a group ({@link Reception#greetAll}): one with an
   * identity may find a blocked visitor, and undoing what their arrival wrote would undo the whole
   * group's.
   */
  public boolean greetedAlone() {
    return identity != null;
  }
}
