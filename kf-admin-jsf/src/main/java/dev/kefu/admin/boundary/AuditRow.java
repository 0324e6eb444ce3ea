package dev.kefu.admin.boundary;

import java.io.Serializable;

/**
 * One line of the audit log's table: when, who, what, to which object, from where. The detail is
 * read afresh when the line is opened.
 *
 * @param at the time in UTC, {@code 2026-11-01 08:00:00}
 * @param actor the user name of the member of staff who acted, or the name a sign-in attempt typed
 */
public record AuditRow(
    String id,
    String at,
    String actor,
    String actorType,
    String action,
    String objectType,
    String objectId,
    String ip,
    String source)
    implements Serializable {

  public String getId() {
    return id;
  }

  public String getAt() {
    return at;
  }

  public String getActor() {
    return actor;
  }

  public String getActorType() {
    return actorType;
  }

  public String getAction() {
    return action;
  }

  public String getObjectType() {
    return objectType;
  }

  public String getObjectId() {
    return objectId;
  }

  public String getIp() {
    return ip;
  }

  public String getSource() {
    return source;
  }
}
