package dev.kefu.reception.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.protection.boundary.Blocks;
import dev.kefu.routing.boundary.Routing;
import dev.kefu.visitor.boundary.Arrival;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * Everything a visitor's {@code welcome} says, decided in one transaction: who the visitor is now
 * ({@link #arrival}, with what was refused), the conversation to replay ({@link #resumed}, after
 * {@link #resumeAfterSeq}) or that the one named was not theirs, the visitor's open conversation,
 * whether anyone can chat, the departments to choose from, the widget's settings and, for a
 * conversation in line, its place and the expected wait.
 *
 * <p>For a visitor the site turned away ({@link Arrival#turnedAway()}), only {@link #arrival} is
 * set. For a blocked visitor only {@link #blocked} is: why they are refused. For a visitor of a
 * suspended tenant only {@link #tenantSuspended} is.
 */
public record Welcome(
    Arrival arrival,
    boolean resumeRefused,
    Conversation resumed,
    long resumeAfterSeq,
    Conversation current,
    boolean online,
    String greeting,
    List<Routing.DepartmentChoice> departments,
    JsonObject widget,
    int queuePosition,
    int estimatedWaitSeconds,
    Blocks.Refusal blocked,
    boolean tenantSuspended) {

  static Welcome turnedAway(Arrival arrival) {
    return new Welcome(
        arrival, false, null, 0, null, false, null, List.of(), null, 0, 0, null, false);
  }

  static Welcome blocked(Blocks.Refusal why) {
    return new Welcome(null, false, null, 0, null, false, null, List.of(), null, 0, 0, why, false);
  }

  static Welcome suspended() {
    return new Welcome(null, false, null, 0, null, false, null, List.of(), null, 0, 0, null, true);
  }

  /** This welcome with the place in line of its visitor's conversation and the expected wait. */
  Welcome placed(int position, int waitSeconds) {
    return new Welcome(
        arrival,
        resumeRefused,
        resumed,
        resumeAfterSeq,
        current,
        online,
        greeting,
        departments,
        widget,
        position,
        waitSeconds,
        blocked,
        tenantSuspended);
  }

  /** Whether the visitor is blocked, and nothing else is set. */
  public boolean isBlocked() {
    return blocked != null;
  }

  public boolean turnedAway() {
    return arrival.turnedAway();
  }

  public boolean queued() {
    return queuePosition > 0;
  }
}
