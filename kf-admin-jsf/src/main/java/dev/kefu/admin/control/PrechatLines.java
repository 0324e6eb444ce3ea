package dev.kefu.admin.control;

import dev.kefu.shared.Jsonp;
import dev.kefu.tenant.entity.WidgetSettings;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.util.List;
import java.util.Locale;

/**
 * The pre-chat form's fields as an admin edits them: one per line, {@code name}, {@code email} or
 * {@code phone} for the built-in ones, or {@code key | Label} for a text field of the site's own; a
 * trailing {@code *} on the key makes it required ({@code order* | Order number}). Whether the
 * fields are valid is the business's rule ({@link WidgetSettings}).
 */
public final class PrechatLines {

  private static final List<String> BUILT_IN = List.of("name", "email", "phone");

  private PrechatLines() {}

  /** The fields of the text, as the JSON array the widget settings read. */
  public static JsonArray parse(String text) {
    JsonArrayBuilder fields = Jsonp.createArrayBuilder();
    if (text == null) {
      return fields.build();
    }
    for (String line : text.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      int bar = line.indexOf('|');
      String key = (bar < 0 ? line : line.substring(0, bar)).strip();
      String label = bar < 0 ? "" : line.substring(bar + 1).strip();
      boolean required = key.endsWith("*");
      if (required) {
        key = key.substring(0, key.length() - 1).strip();
      }
      key = key.toLowerCase(Locale.ROOT);
      var field = Jsonp.createObjectBuilder().add("required", required).add("label", label);
      if (BUILT_IN.contains(key)) {
        field.add("type", key);
      } else {
        field.add("type", "text").add("key", key);
      }
      fields.add(field);
    }
    return fields.build();
  }

  /** The text area's content for these fields. */
  public static String format(List<WidgetSettings.Field> fields) {
    StringBuilder text = new StringBuilder();
    for (WidgetSettings.Field field : fields) {
      text.append(field.key()).append(field.required() ? "*" : "");
      if (!field.label().isEmpty()) {
        text.append(" | ").append(field.label());
      }
      text.append('\n');
    }
    return text.toString().strip();
  }
}
