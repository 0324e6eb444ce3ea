package dev.kefu.events;

import java.util.List;

/**
 * The waiting line of a department changed: how many wait in it now, and the new place of each
 * waiting visitor whose place changed. A conversation that joins the end of the line changes no
 * other place, so then {@code places} holds it alone.
 */
public record QueueMoved(String departmentId, int waiting, List<Place> places)
    implements KefuEvent {

  /** One waiting conversation's position, counted from 1, and its estimated wait. */
  public record Place(
      String conversationId, String visitorId, int position, int estimatedWaitSeconds) {}
}
