package dev.kefu.chat.control;

import dev.kefu.shared.Jsonp;
import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/**
 * A client's frame: one JSON object with a string {@code type}. Accessors answer null for absent
 * fields and refuse fields of the wrong kind with {@code bad_request}.
 *
 * <p>What the parser would refuse, or could only take at a cost, is refused here first and always
 * as {@code bad_request} ({@link Malformed}): nesting deeper than {@value #MAX_DEPTH} levels, a
 * number the parser will not read, any string (or member name) that is not valid text by {@link
 * Text} — a lone UTF-16 surrogate or a control character other than line feed and tab — and a whole
 * number beyond a Java {@code long}.
 */
public final class IncomingFrame {

  /** The deepest nesting of objects and arrays a frame may have (the protocol's limit). */
  public static final int MAX_DEPTH = 32;

  private static final JsonProvider JSON = Jsonp.provider();

  private final JsonObject json;

  private IncomingFrame(JsonObject json) {
    this.json = json;
  }

  /**
   * A frame the parser refused or that breaks the rules of text: always {@code bad_request}, and a
   * sign of a broken or hostile client rather than of a slip, so the edge logs it once per
   * connection.
   */
  public static final class Malformed extends RuleViolation {
    private final String ref;

    public Malformed(String message) {
      this(message, null, null);
    }

    Malformed(String message, String ref, String field) {
      super("bad_request", message, field);
      this.ref = ref;
    }

    /** The frame's {@code clientMsgId}, when it was valid JSON with a valid one; else null. */
    public String ref() {
      return ref;
    }
  }

  /**
   * Parses a text frame; malformed JSON, a non-object, a missing type, too deep a nesting or text
   * that is not valid is a {@link Malformed} bad request.
   */
  public static IncomingFrame parse(String text) {
    refuseDeepNesting(text);
    JsonValue value;
    try (var reader = JSON.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (RuntimeException refusedByTheParser) {
      // Parsson's own limits (number size, exponents) throw other runtime exceptions than
      // JsonException; all of them mean the same to the client.
      throw new Malformed("malformed JSON");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new Malformed("a frame must be a JSON object");
    }
    try {
      refuseInvalidText(value, "frame");
    } catch (Malformed invalidText) {
      throw new Malformed(
          invalidText.getMessage(), refOf(value.asJsonObject()), invalidText.field());
    }
    if (!(value.asJsonObject().get("type") instanceof JsonString)) {
      throw new Malformed("a frame needs a string \"type\"", refOf(value.asJsonObject()), null);
    }
    return new IncomingFrame(value.asJsonObject());
  }

  /** Counts the nesting outside strings before the parser sees it; cheap for a 16 KiB frame. */
  private static void refuseDeepNesting(String text) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        if (++depth > MAX_DEPTH) {
          throw new Malformed("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }

  private static void refuseInvalidText(JsonValue value, String where) {
    switch (value.getValueType()) {
      case STRING -> {
        String problem = Text.problemIn(((JsonString) value).getString(), false);
        if (problem != null) {
          throw new Malformed("\"" + where + "\" " + problem, null, where);
        }
      }
      case OBJECT -> {
        for (Map.Entry<String, JsonValue> member : value.asJsonObject().entrySet()) {
          String name = member.getKey();
          if (!Text.acceptable(name)) {
            throw new Malformed("a member name in \"" + where + "\" is not valid text");
          }
          refuseInvalidText(member.getValue(), name);
        }
      }
      case ARRAY -> {
        for (JsonValue element : value.asJsonArray()) {
          refuseInvalidText(element, where);
        }
      }
      default -> {
        // numbers, booleans and null are checked where a field is read
      }
    }
  }

  /** A {@code clientMsgId} that is itself valid text and short, to name the frame in an answer. */
  private static String refOf(JsonObject frame) {
    JsonValue id = frame.get("clientMsgId");
    if (id instanceof JsonString string) {
      String ref = string.getString();
      return ref.length() <= 64 && Text.acceptable(ref) ? ref : null;
    }
    return null;
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

  public JsonArray array(String name) {
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

  /**
   * A whole-number member of any object, null when absent; a fraction, another kind or a number
   * beyond a {@code long} is a bad request (never narrowed: 2^64 + 1 is not 1).
   */
  public static Long number(JsonObject object, String name) {
    JsonValue value = object.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        return number.bigDecimalValue().longValueExact();
      } catch (ArithmeticException | NumberFormatException | UnsupportedOperationException e) {
        throw new RuleViolation(
            "bad_request", "\"" + name + "\" must be a whole number within 64 bits");
      }
    }
    throw new RuleViolation("bad_request", "\"" + name + "\" must be a whole number");
  }
}
