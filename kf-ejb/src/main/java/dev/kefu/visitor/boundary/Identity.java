package dev.kefu.visitor.boundary;

/** The identity a site's back end vouches for, as the widget passes it on. */
public record Identity(String userId, String name, String email, long ts, String hash) {}
