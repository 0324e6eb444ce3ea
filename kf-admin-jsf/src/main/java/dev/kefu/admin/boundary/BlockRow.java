package dev.kefu.admin.boundary;

import java.io.Serializable;

/**
 * A block as the protection page lists it: what it refuses ({@code visitor} or {@code range}, the
 * visitor's id or the range), why, until when and since when (as shown, UTC).
 */
public record BlockRow(
    String id, String kind, String target, String reason, String expires, String created)
    implements Serializable {

  public String getId() {
    return id;
  }

  public String getKind() {
    return kind;
  }

  public String getTarget() {
    return target;
  }

  public String getReason() {
    return reason;
  }

  public String getExpires() {
    return expires;
  }

  public String getCreated() {
    return created;
  }
}
