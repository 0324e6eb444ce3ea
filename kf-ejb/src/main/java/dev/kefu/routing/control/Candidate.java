package dev.kefu.routing.control;

import dev.kefu.agent.entity.Skills;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.tenant.entity.RoutingStrategy;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * An available member of a department as assignment weighs them: how many conversations they hold
 * against their capacity, their skills, and when the department last gave them one. Kept up to date
 * while one transaction assigns several conversations in a row.
 */
public final class Candidate {

  private static final Comparator<Candidate> LONGEST_WAITING =
      Comparator.comparing(
              (Candidate c) -> c.lastAssignedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(c -> c.agentId);

  private final String agentId;
  private final String name;
  private final int capacity;
  private final Set<String> skills;
  private int busy;
  private Instant lastAssignedAt;

  public Candidate(
      String agentId,
      String name,
      int capacity,
      int busy,
      Set<String> skills,
      Instant lastAssignedAt) {
    this.agentId = agentId;
    this.name = name;
    this.capacity = capacity;
    this.busy = busy;
    this.skills = skills;
    this.lastAssignedAt = lastAssignedAt;
  }

  /** From the stored skills, as the agent component gives them, and the count of what they hold. */
  public static Candidate of(
      String agentId, String name, int capacity, String skills, Instant lastAssigned, int busy) {
    return new Candidate(agentId, name, capacity, busy, Skills.split(skills), lastAssigned);
  }

  /**
   * The candidate the strategy picks for the conversation among those with room, the skill it
   * needs, and not excluded; empty when none fits.
   */
  public static Optional<Candidate> choose(
      RoutingStrategy strategy,
      Collection<Candidate> pool,
      Conversation conversation,
      Set<String> excluded) {
    Comparator<Candidate> order =
        strategy == RoutingStrategy.ROUND_ROBIN
            ? LONGEST_WAITING
            : Comparator.comparingInt((Candidate c) -> c.busy).thenComparing(LONGEST_WAITING);
    String skill = conversation.requiredSkill().orElse(null);
    return pool.stream()
        .filter(Candidate::hasRoom)
        .filter(c -> skill == null || c.skills.contains(skill))
        .filter(c -> !excluded.contains(c.agentId))
        .min(order);
  }

  /** Found at capacity when their row was locked: no more for this one in this transaction. */
  public void full() {
    busy = Math.max(busy, capacity);
  }

  public boolean hasRoom() {
    return busy < capacity;
  }

  /** The candidate was given a conversation at {@code now}. */
  public void took(Instant now) {
    busy++;
    lastAssignedAt = now;
  }

  public String agentId() {
    return agentId;
  }

  public String name() {
    return name;
  }

  public int capacity() {
    return capacity;
  }
}
