package dev.kefu.events;

import java.util.List;

/**
 * An admin made the agent a member of departments ({@code joined}) or took them out of some ({@code
 * left}), from the agent's dialog or the department's. The agent's connected consoles learn how
 * many visitors wait in each (a {@code waiting} frame with {@code member}), without a reconnect.
 */
public record MembershipChanged(String agentId, List<String> joined, List<String> left)
    implements KefuEvent {

  public MembershipChanged {
    joined = List.copyOf(joined);
    left = List.copyOf(left);
  }
}
