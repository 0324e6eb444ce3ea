package dev.kefu.chat.control;

import dev.kefu.shared.RuleViolation;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * A client's frame: one JSON object with a string {@code type}. Accessors answer null for absent
 * fields and refuse fields of the wrong kind with {@code bad_request}.
 */
public final class IncomingFrame {

  private final JsonObject json;

  private IncomingFrame(JsonObject json) {
    this.json = json;
  }

  /** Parses a text frame; malformed JSON, a non-object or a missing type is a bad request. */
  public static IncomingFrame parse(String text) {
    JsonValue value;
    try (var reader = Json.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (jakarta.json.JsonException e) {
      throw new RuleViolation("bad_request", "malformed JSON");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new RuleViolation("bad_request", "a frame must be a JSON object");
    }
    IncomingFrame frame = new IncomingFrame(value.asJsonObject());
    if (frame.string("type") == null) {
      throw new RuleViolation("bad_request", "a frame needs a string \"type\"");
    }
    return frame;
  }

  public String type() {
    return json.getString("type");
  }

  public String string(String name) {
    return string(json, name);
  }

  public Long number(String name) {
    return number(json, name);
  }

  public Boolean bool(String name) {
    JsonValue value = json.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value == JsonValue.TRUE) {
      return true;
    }
    if (value == JsonValue.FALSE) {
      return false;
    }
    throw new RuleViolation("bad_request", "\"" + name + "\" must be true or false");
  }

  public JsonObject object(String name) {
    JsonValue value = json.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new RuleViolation("bad_request", "\"" + name + "\" must be an object");
    }
    return value.asJsonObject();
  }

  public jakarta.json.JsonArray array(String name) {
    JsonValue value = json.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new RuleViolation("bad_request", "\"" + name + "\" must be an array");
    }
    return value.asJsonArray();
  }

  /** A string member of any object, null when absent; other kinds are a bad request. */
  public static String string(JsonObject object, String name) {
    JsonValue value = object.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString string) {
      return string.getString();
    }
    throw new RuleViolation("bad_request", "\"" + name + "\" must be a string");
  }

  /** A whole-number member of any object, null when absent. */
  public static Long number(JsonObject object, String name) {
    JsonValue value = object.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      return number.longValue();
    }
    throw new RuleViolation("bad_request", "\"" + name + "\" must be a whole number");
  }
}
