package dev.kefu.audit.entity;

import java.util.Locale;

/** Who an audit event is about: a signed-in member of staff, someone not yet signed in, Kefu. */
public enum ActorType {
  AGENT,
  ANONYMOUS,
  SYSTEM;

  /** The spelling in the table and the export: {@code agent}, {@code anonymous}, {@code system}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
