package dev.kefu.visitor.boundary;

import dev.kefu.visitor.entity.Visitor;

/**
 * The outcome of a visitor's {@code hello}: who they are now, the token to keep, and which of the
 * things they presented were refused (each answered with {@code error unauthorized}).
 */
public record Arrival(
    Visitor visitor, String visitorToken, boolean tokenRefused, boolean identityRefused) {}
