package dev.kefu.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** A frame the server sent, parsed. */
record Frame(JsonObject json) {

  static Frame parse(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return new Frame(reader.readObject());
    }
  }

  String type() {
    return json.getString("type");
  }

  String string(String name) {
    return json.isNull(name) ? null : json.getString(name);
  }

  long number(String name) {
    return json.getJsonNumber(name).longValue();
  }

  JsonObject object(String name) {
    return json.isNull(name) ? null : json.getJsonObject(name);
  }

  @Override
  public String toString() {
    return json.toString();
  }
}
