package dev.kefu.web.control;

import dev.kefu.audit.entity.AuditEvent;
import dev.kefu.shared.Jsonp;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;

/**
 * Audit events as JSON objects with the same fields as {@link AuditCsv}'s columns (named in camel
 * case), the detail as the JSON object it holds rather than as text.
 */
public final class AuditJson {

  private AuditJson() {}

  public static void write(JsonGenerator json, AuditEvent event) {
    json.writeStartObject();
    json.write("id", event.id());
    json.write("at", event.at().toString());
    field(json, "tenantId", event.tenantId());
    json.write("actor", event.actor());
    json.write("actorType", event.actorType());
    json.write("action", event.action());
    field(json, "objectType", event.objectType());
    field(json, "objectId", event.objectId());
    field(json, "ip", event.ip());
    json.write("source", event.source());
    json.write("detail", detail(event.detail()));
    json.writeEnd();
  }

  /** The detail as JSON; text that is not JSON (an entry cut at its length) stays text. */
  public static JsonValue detail(String detail) {
    if (detail == null || detail.isBlank()) {
      return JsonValue.NULL;
    }
    try {
      return Jsonp.createReader(detail).readValue();
    } catch (JsonException | IllegalStateException notJson) {
      return Jsonp.provider().createValue(detail);
    }
  }

  private static void field(JsonGenerator json, String name, String value) {
    if (value == null) {
      json.writeNull(name);
    } else {
      json.write(name, value);
    }
  }
}
