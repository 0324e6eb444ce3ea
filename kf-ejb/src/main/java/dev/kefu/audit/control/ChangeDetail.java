package dev.kefu.audit.control;

import dev.kefu.shared.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The detail of an audited change: {@code {"before":{…},"after":{…}}} with only the fields that
 * changed, so an export shows at a glance what someone did. A field that appears on one side only
 * is {@code null} on the other.
 */
public final class ChangeDetail {

  private ChangeDetail() {}

  /** The changed fields of {@code before} and {@code after}; empty when nothing changed. */
  public static Optional<JsonObject> of(JsonObject before, JsonObject after) {
    Set<String> fields = new LinkedHashSet<>(before.keySet());
    fields.addAll(after.keySet());
    JsonObjectBuilder was = Jsonp.createObjectBuilder();
    JsonObjectBuilder is = Jsonp.createObjectBuilder();
    boolean changed = false;
    for (String field : fields) {
      JsonValue old = before.getOrDefault(field, JsonValue.NULL);
      JsonValue now = after.getOrDefault(field, JsonValue.NULL);
      if (!old.equals(now)) {
        was.add(field, old);
        is.add(field, now);
        changed = true;
      }
    }
    if (!changed) {
      return Optional.empty();
    }
    return Optional.of(Jsonp.createObjectBuilder().add("before", was).add("after", is).build());
  }
}
