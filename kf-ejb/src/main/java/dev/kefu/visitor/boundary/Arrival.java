package dev.kefu.visitor.boundary;

import dev.kefu.visitor.entity.Visitor;

/**
 * The outcome of a visitor's {@code hello}: who they are now, the token to keep, and which of the
 * things they presented were refused (each answered with {@code error unauthorized}). On a site
 * that requires identity verification, a visitor without a verified identity is turned away: {@link
 * #turnedAway()}, with no visitor and no token. {@link #newVisitor}: the visitor was made by this
 * arrival, so nothing of theirs (a conversation, a block) can exist yet.
 */
public record Arrival(
    Visitor visitor,
    String visitorToken,
    boolean tokenRefused,
    boolean identityRefused,
    boolean identityMissing,
    boolean newVisitor) {

  /** A visitor the site does not let in: its identity is required and was missing or wrong. */
  static Arrival turnedAway(boolean tokenRefused, boolean identityRefused) {
    return new Arrival(null, null, tokenRefused, identityRefused, !identityRefused, false);
  }

  public boolean turnedAway() {
    return visitor == null;
  }
}
