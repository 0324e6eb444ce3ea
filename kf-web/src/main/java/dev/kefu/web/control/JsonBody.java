package dev.kefu.web.control;

import dev.kefu.shared.Jsonp;
import dev.kefu.shared.Text;
import jakarta.json.JsonException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * What a JSON request body must be before any resource reads it: UTF-8 without a byte order mark,
 * well-formed JSON whose top level is an object (every body of Kefu's API is one), nested at most
 * {@value #MAX_DEPTH} levels, and every key and string valid text ({@link Text#acceptable(String,
 * boolean)}, with CR allowed as in text typed into a form). Anything else is a {@link RefusedInput}
 * that names the field where there is one.
 *
 * <p>Read with a streaming parser, so a deeply nested or huge body costs no more than its bytes.
 */
public final class JsonBody {

  public static final int MAX_DEPTH = 32;

  private static final JsonProvider JSON = Jsonp.provider();

  private JsonBody() {}

  /** The body as text, when it is acceptable; a {@link RefusedInput} otherwise. */
  public static String checked(byte[] body) {
    if (body.length >= 3
        && (body[0] & 0xff) == 0xef
        && (body[1] & 0xff) == 0xbb
        && (body[2] & 0xff) == 0xbf) {
      throw new RefusedInput("the body starts with a byte order mark; send UTF-8 without one");
    }
    String text =
        Text.utf8(body, 0, body.length)
            .orElseThrow(() -> new RefusedInput("the body is not valid UTF-8"));
    check(text);
    return text;
  }

  private static void check(String text) {
    if (text.isBlank()) {
      throw new RefusedInput("the body must be a JSON object");
    }
    // The name a refusal gives: the innermost key, which for the items of an array is the array's.
    Deque<String> names = new ArrayDeque<>();
    String name = null;
    int depth = 0;
    boolean top = true;
    try (JsonParser parser = JSON.createParser(new StringReader(text))) {
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        if (top && event != JsonParser.Event.START_OBJECT) {
          throw new RefusedInput("the body must be a JSON object");
        }
        top = false;
        switch (event) {
          case START_OBJECT, START_ARRAY -> {
            if (++depth > MAX_DEPTH) {
              throw new RefusedInput("the body is nested deeper than " + MAX_DEPTH + " levels");
            }
            names.push(name == null ? "" : name);
          }
          case END_OBJECT, END_ARRAY -> {
            depth--;
            name = names.pop();
          }
          case KEY_NAME -> {
            String key = parser.getString();
            String problem = Text.problemIn(key, true);
            if (problem != null) {
              throw new RefusedInput("a key " + problem);
            }
            name = key;
          }
          case VALUE_STRING -> {
            String problem = Text.problemIn(parser.getString(), true);
            if (problem != null) {
              throw new RefusedInput(
                  (name == null || name.isEmpty() ? "a value" : "\"" + name + "\"")
                      + " "
                      + problem);
            }
          }
          default -> {
            // Numbers, booleans and null are the business's to judge.
          }
        }
      }
    } catch (JsonException | NoSuchElementException | IllegalStateException malformed) {
      throw new RefusedInput("the body is not valid JSON");
    }
  }
}
