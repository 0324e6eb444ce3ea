package dev.kefu.shared;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.Reader;
import java.io.StringReader;
import java.util.Collection;

/**
 * Kefu's one way to JSON-P: the factories of {@link jakarta.json.Json}, through one {@link
 * JsonProvider} looked up once. {@code jakarta.json.Json} looks the provider up again on every
 * call, and {@link JsonProvider#provider()} searches the class path for it each time (a {@code
 * ZipFile} lookup per builder), which made building a frame cost more than sending it. The provider
 * is thread-safe: its builders, readers and parsers are not, and each call makes new ones. Main
 * code creates JSON only here ({@code JsonpTest} keeps it so).
 */
public final class Jsonp {

  private static final JsonProvider PROVIDER = JsonProvider.provider();

  private Jsonp() {}

  /** The provider itself, for what the factories below do not cover. */
  public static JsonProvider provider() {
    return PROVIDER;
  }

  public static JsonObjectBuilder createObjectBuilder() {
    return PROVIDER.createObjectBuilder();
  }

  /** A builder that starts with the members of {@code object}. */
  public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
    return PROVIDER.createObjectBuilder(object);
  }

  public static JsonArrayBuilder createArrayBuilder() {
    return PROVIDER.createArrayBuilder();
  }

  /** A builder that starts with the items of {@code values}, as {@link jakarta.json.Json} does. */
  public static JsonArrayBuilder createArrayBuilder(Collection<?> values) {
    return PROVIDER.createArrayBuilder(values);
  }

  public static JsonReader createReader(Reader reader) {
    return PROVIDER.createReader(reader);
  }

  /** A reader of {@code text}. */
  public static JsonReader createReader(String text) {
    return PROVIDER.createReader(new StringReader(text));
  }

  public static JsonParser createParser(Reader reader) {
    return PROVIDER.createParser(reader);
  }
}
