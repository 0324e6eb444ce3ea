package dev.kefu.audit.boundary;

import dev.kefu.routing.boundary.Assignment;

/**
 * Not part of Kefu: the audit component naming routing, which uses audit, as a careless import
 * would. {@code ArchitectureTest} adds this class to the real ones to show that its rules fail on
 * an import that closes a cycle; the rules on Kefu alone never see it.
 */
final class ClosesACycle {

  private ClosesACycle() {}

  static Class<?> reachesUp() {
    return Assignment.class;
  }
}
