package dev.kefu.events;

import java.util.List;

/** The waiting line of a department changed; each waiting visitor's new place in it. */
public record QueueMoved(String departmentId, List<Place> places) implements KefuEvent {

  /** One waiting conversation's position, counted from 1, and its estimated wait. */
  public record Place(
      String conversationId, String visitorId, int position, int estimatedWaitSeconds) {}
}
