package dev.kefu.tenant.entity;

import dev.kefu.shared.EmailAddress;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a site's widget looks and behaves: its texts, its colours, the pre-chat form (its fields and
 * the departments a visitor may choose) and the proactive greeting. Immutable; every instance is
 * valid, so what an admin saves is what every visitor gets. Stored as JSON in the site's row; an
 * empty text or colour means the widget's built-in one.
 */
public final class WidgetSettings {

  public static final int MAX_TITLE = 100;
  public static final int MAX_TEXT = 1000;
  public static final int MAX_FIELDS = 10;
  public static final int MAX_PAGES = 20;
  public static final int MAX_LABEL = 100;
  public static final int MAX_FIELD_VALUE = 500;
  public static final int MAX_AFTER_SECONDS = 3600;

  /** How far above the bottom of the page the chat button may sit, in CSS pixels. */
  public static final int MAX_BOTTOM_OFFSET = 400;

  /** Where the chat button sits when the site does not say: bottom right, 20 px up. */
  public static final int DEFAULT_BOTTOM_OFFSET = 20;

  private static final Set<String> SIDES = Set.of("left", "right");

  private static final Pattern COLOUR = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");
  private static final Pattern PHONE = Pattern.compile("[+0-9 ()\\-]{3,40}");
  private static final String PRECHAT_FIELDS = "prechat.fields";
  private static final Set<String> TYPES = Set.of("name", "email", "phone", "text");

  /**
   * The languages a site may have texts of its own for, as the widget names them in {@code hello}:
   * Simplified Chinese and English. A visitor in any other language reads the default texts.
   */
  public static final List<String> LANGUAGES = List.of("zh-CN", "en");

  /**
   * The visitor-facing texts of the widget in one language; an empty one means the default text
   * (the settings' own, or the site's greeting).
   */
  public record Texts(String title, String greeting, String offlineText, String proactiveText) {

    static final Texts NONE = new Texts("", "", "", "");

    static Texts of(JsonObject json, String language) {
      String at = "texts." + language + ".";
      return new Texts(
          text(json, "title", MAX_TITLE, at + "title"),
          text(json, "greeting", Site.MAX_GREETING, at + "greeting"),
          text(json, "offlineText", MAX_TEXT, at + "offlineText"),
          text(json, "proactiveText", MAX_TEXT, at + "proactiveText"));
    }

    JsonObject toJson() {
      return Jsonp.createObjectBuilder()
          .add("title", title)
          .add("greeting", greeting)
          .add("offlineText", offlineText)
          .add("proactiveText", proactiveText)
          .build();
    }

    boolean empty() {
      return equals(NONE);
    }
  }

  /**
   * One field of the pre-chat form. {@code name}, {@code email} and {@code phone} are the built-in
   * ones (their key is their type); {@code text} fields are the site's own, with a key and label.
   */
  public record Field(String key, String type, String label, boolean required) {}

  /**
   * A visitor's answer to the pre-chat form under the form's type and label; an empty label is a
   * built-in field's (each page names it in its own language) or one the form no longer has.
   */
  public record Answer(String key, String type, String label, String value) {}

  /**
   * The answers in the order of the form's fields, with their types and labels; answers to fields
   * the form no longer has come last, with an empty label. Fields left empty are not listed.
   */
  public static List<Answer> labelled(List<Field> form, Map<String, String> answers) {
    List<Answer> labelled = new ArrayList<>();
    Set<String> listed = new LinkedHashSet<>();
    for (Field field : form) {
      String value = answers.get(field.key());
      if (value != null) {
        listed.add(field.key());
        labelled.add(new Answer(field.key(), field.type(), field.label(), value));
      }
    }
    for (Map.Entry<String, String> answer : answers.entrySet()) {
      if (!listed.contains(answer.getKey()) && answer.getValue() != null) {
        String key = answer.getKey();
        labelled.add(
            new Answer(key, "phone".equals(key) ? "phone" : "text", "", answer.getValue()));
      }
    }
    return List.copyOf(labelled);
  }

  private final String title;
  private final String offlineText;
  private final String primaryColour;
  private final String textColour;
  private final boolean prechatEnabled;
  private final List<Field> fields;
  private final List<String> departmentIds;
  private final boolean proactiveEnabled;
  private final String proactiveText;
  private final int proactiveAfterSeconds;
  private final List<String> proactivePages;
  private final Map<String, Texts> texts;
  private final String side;
  private final int bottomOffset;

  private WidgetSettings(JsonObject json) {
    title = text(json, "title", MAX_TITLE, "title");
    offlineText = text(json, "offlineText", MAX_TEXT, "offlineText");
    JsonObject colours = object(json, "colors");
    primaryColour = colour(colours, "primary");
    textColour = colour(colours, "text");
    JsonObject prechat = object(json, "prechat");
    prechatEnabled = prechat.getBoolean("enabled", false);
    fields = fields(prechat);
    departmentIds = strings(prechat, "departmentIds", 50, 40, "prechat.departmentIds");
    JsonObject proactive = object(json, "proactive");
    proactiveEnabled = proactive.getBoolean("enabled", false);
    proactiveText = text(proactive, "text", MAX_TEXT, "proactive.text");
    proactiveAfterSeconds = number(proactive, "afterSeconds", 30);
    proactivePages = strings(proactive, "pages", MAX_PAGES, 500, "proactive.pages");
    texts = texts(object(json, "texts"));
    JsonObject position = object(json, "position");
    side = side(position);
    bottomOffset = bottomOffset(position);
    if (proactiveEnabled && proactiveText.isEmpty()) {
      throw new RuleViolation(
          "proactive_text_missing", "a proactive greeting needs a text", "proactive.text");
    }
  }

  private static Map<String, Texts> texts(JsonObject json) {
    Map<String, Texts> texts = new LinkedHashMap<>();
    for (String language : json.keySet()) {
      if (!LANGUAGES.contains(language)) {
        throw new RuleViolation(
            "language_unknown",
            "texts are for the languages "
                + String.join(", ", LANGUAGES)
                + ": "
                + Text.clip(language, 20),
            "texts");
      }
    }
    for (String language : LANGUAGES) {
      JsonValue value = json.get(language);
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        continue;
      }
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new RuleViolation(
            "bad_request", "\"texts." + language + "\" must be an object", "texts");
      }
      Texts inLanguage = Texts.of(value.asJsonObject(), language);
      if (!inLanguage.empty()) {
        texts.put(language, inLanguage);
      }
    }
    return Map.copyOf(texts);
  }

  /**
   * The language of a visitor's locale whose texts the site may have, or null for the default
   * texts: any Chinese reads Simplified Chinese, any English English, as the widget itself does.
   */
  public static String languageOf(String locale) {
    if (locale == null) {
      return null;
    }
    String lower = locale.strip().toLowerCase(Locale.ROOT);
    if (lower.equals("zh") || lower.startsWith("zh-") || lower.startsWith("zh_")) {
      return "zh-CN";
    }
    if (lower.equals("en") || lower.startsWith("en-") || lower.startsWith("en_")) {
      return "en";
    }
    return null;
  }

  /** The site's own texts in this language ({@link #LANGUAGES}); all empty when it has none. */
  public Texts textsIn(String language) {
    return language == null ? Texts.NONE : texts.getOrDefault(language, Texts.NONE);
  }

  /**
   * The greeting a visitor in this locale reads: the site's text in their language, else the
   * default greeting.
   */
  public String greetingFor(String locale, String defaultGreeting) {
    return or(textsIn(languageOf(locale)).greeting(), defaultGreeting);
  }

  /**
   * The settings as a visitor in this locale receives them: title, offline text and proactive text
   * in their language where the site has one, else the default ones; no texts of other languages.
   */
  public JsonObject toJsonFor(String locale) {
    Texts own = textsIn(languageOf(locale));
    JsonObject json = toJson();
    JsonObjectBuilder proactive =
        Jsonp.createObjectBuilder(json.getJsonObject("proactive"))
            .add("text", or(own.proactiveText(), proactiveText));
    return Jsonp.createObjectBuilder(json)
        .remove("texts")
        .add("title", or(own.title(), title))
        .add("offlineText", or(own.offlineText(), offlineText))
        .add("proactive", proactive)
        .build();
  }

  private static String or(String own, String fallback) {
    return own == null || own.isEmpty() ? (fallback == null ? "" : fallback) : own;
  }

  /** The built-in settings: no pre-chat form, no proactive greeting, the widget's own texts. */
  public static WidgetSettings defaults() {
    return new WidgetSettings(JsonValue.EMPTY_JSON_OBJECT);
  }

  /** Settings as an admin sends them; refuses anything invalid with a {@link RuleViolation}. */
  public static WidgetSettings of(JsonObject json) {
    return new WidgetSettings(json == null ? JsonValue.EMPTY_JSON_OBJECT : json);
  }

  /** Settings as stored; what cannot be read any more falls back to the defaults. */
  static WidgetSettings stored(String text) {
    if (text == null || text.isBlank()) {
      return defaults();
    }
    try (var reader = Jsonp.createReader(new StringReader(text))) {
      return of(reader.readObject());
    } catch (RuntimeException unreadable) {
      return defaults();
    }
  }

  /** The settings as JSON, in the shape {@link #of} reads. */
  public JsonObject toJson() {
    JsonArrayBuilder fieldList = Jsonp.createArrayBuilder();
    for (Field field : fields) {
      fieldList.add(
          Jsonp.createObjectBuilder()
              .add("key", field.key())
              .add("type", field.type())
              .add("label", field.label())
              .add("required", field.required()));
    }
    return Jsonp.createObjectBuilder()
        .add("title", title)
        .add("offlineText", offlineText)
        .add(
            "colors",
            Jsonp.createObjectBuilder().add("primary", primaryColour).add("text", textColour))
        .add(
            "prechat",
            Jsonp.createObjectBuilder()
                .add("enabled", prechatEnabled)
                .add("fields", fieldList)
                .add("departmentIds", Jsonp.createArrayBuilder(departmentIds)))
        .add(
            "proactive",
            Jsonp.createObjectBuilder()
                .add("enabled", proactiveEnabled)
                .add("text", proactiveText)
                .add("afterSeconds", proactiveAfterSeconds)
                .add("pages", Jsonp.createArrayBuilder(proactivePages)))
        .add("position", Jsonp.createObjectBuilder().add("side", side).add("bottom", bottomOffset))
        .add("texts", textsJson())
        .build();
  }

  /** The side of the page the chat button and the panel sit on: {@code left} or {@code right}. */
  public String side() {
    return side;
  }

  /** How far above the bottom of the page the chat button sits, in CSS pixels. */
  public int bottomOffset() {
    return bottomOffset;
  }

  private static String side(JsonObject position) {
    String side = text(position, "side", 10, "position.side").toLowerCase(Locale.ROOT);
    if (side.isEmpty()) {
      return "right";
    }
    if (!SIDES.contains(side)) {
      throw new RuleViolation(
          "position_invalid", "the chat button sits on the left or the right", "position.side");
    }
    return side;
  }

  private static int bottomOffset(JsonObject position) {
    JsonValue value = position.get("bottom");
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return DEFAULT_BOTTOM_OFFSET;
    }
    if (value.getValueType() != JsonValue.ValueType.NUMBER
        || !position.getJsonNumber("bottom").isIntegral()
        || position.getJsonNumber("bottom").longValue() < 0
        || position.getJsonNumber("bottom").longValue() > MAX_BOTTOM_OFFSET) {
      throw new RuleViolation(
          "position_invalid",
          "the chat button's distance from the bottom is a whole number of pixels from 0 to "
              + MAX_BOTTOM_OFFSET,
          "position.bottom");
    }
    return position.getInt("bottom");
  }

  private JsonObjectBuilder textsJson() {
    JsonObjectBuilder json = Jsonp.createObjectBuilder();
    for (String language : LANGUAGES) {
      if (texts.containsKey(language)) {
        json.add(language, texts.get(language).toJson());
      }
    }
    return json;
  }

  /**
   * The pre-chat fields a visitor sent, checked against this form: fields the form does not have
   * are dropped, required ones must be there, e-mail addresses and phone numbers must look like
   * one. Answers the fields in the form's order.
   */
  public Map<String, String> checkedPrechat(Map<String, String> sent) {
    Map<String, String> kept = new LinkedHashMap<>();
    for (Field field : fields) {
      String value = sent.get(field.key());
      value = value == null ? "" : value.strip();
      if (value.isEmpty()) {
        if (field.required()) {
          throw new RuleViolation(
              "bad_request",
              "the pre-chat field \"" + field.key() + "\" is required",
              "prechat.fields." + field.key());
        }
        continue;
      }
      if (value.length() > MAX_FIELD_VALUE
          || ("email".equals(field.type()) && !EmailAddress.isOne(value))
          || ("phone".equals(field.type()) && !PHONE.matcher(value).matches())) {
        throw new RuleViolation(
            "bad_request",
            "the pre-chat field \"" + field.key() + "\" is not valid",
            "prechat.fields." + field.key());
      }
      kept.put(field.key(), value);
    }
    return kept;
  }

  /** Whether the pre-chat form lets visitors choose this department. */
  public boolean offers(String departmentId) {
    return departmentIds.contains(departmentId);
  }

  /** Whether a proactive greeting is to be shown at all. */
  public boolean proactiveEnabled() {
    return proactiveEnabled;
  }

  public boolean prechatEnabled() {
    return prechatEnabled;
  }

  public List<Field> fields() {
    return fields;
  }

  public List<String> departmentIds() {
    return departmentIds;
  }

  /** Digits, spaces, {@code + ( ) -}: 3 to 40 of them, and no control character anywhere. */
  public static boolean isPhone(String text) {
    return text != null
        && text.codePoints().noneMatch(Character::isISOControl)
        && PHONE.matcher(text.strip()).matches();
  }

  private static List<Field> fields(JsonObject prechat) {
    JsonArray list = array(prechat, "fields");
    if (list.size() > MAX_FIELDS) {
      throw new RuleViolation(
          "prechat_invalid",
          "the pre-chat form has at most " + MAX_FIELDS + " fields",
          PRECHAT_FIELDS);
    }
    List<Field> fields = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    for (JsonValue value : list) {
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new RuleViolation("prechat_invalid", "a pre-chat field is an object", PRECHAT_FIELDS);
      }
      JsonObject field = value.asJsonObject();
      String type = text(field, "type", 10, PRECHAT_FIELDS).toLowerCase(Locale.ROOT);
      if (!TYPES.contains(type)) {
        throw new RuleViolation(
            "prechat_invalid",
            "a pre-chat field's type is name, email, phone or text",
            PRECHAT_FIELDS);
      }
      String key = "text".equals(type) ? text(field, "key", 32, PRECHAT_FIELDS) : type;
      if (!KEY.matcher(key).matches()) {
        throw new RuleViolation(
            "prechat_invalid",
            "a pre-chat field's key is lower-case letters, digits and _, starting with a letter",
            PRECHAT_FIELDS);
      }
      if ("text".equals(type) && TYPES.contains(key)) {
        throw new RuleViolation(
            "prechat_invalid", "the key \"" + key + "\" is a built-in field's", PRECHAT_FIELDS);
      }
      String label = text(field, "label", MAX_LABEL, PRECHAT_FIELDS);
      if ("text".equals(type) && label.isEmpty()) {
        throw new RuleViolation("prechat_invalid", "a text field needs a label", PRECHAT_FIELDS);
      }
      if (!keys.add(key)) {
        throw new RuleViolation(
            "prechat_invalid", "the pre-chat field \"" + key + "\" is twice", PRECHAT_FIELDS);
      }
      fields.add(new Field(key, type, label, field.getBoolean("required", false)));
    }
    return List.copyOf(fields);
  }

  private static String colour(JsonObject json, String name) {
    String field = "colors." + name;
    String value = text(json, name, 50, field);
    if (!value.isEmpty() && !COLOUR.matcher(value).matches()) {
      throw new RuleViolation("colour_invalid", "a colour is #rgb or #rrggbb: " + value, field);
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** A text of the settings; {@code field} names it in a refusal, as the request names it. */
  private static String text(JsonObject json, String name, int max, String field) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return "";
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw new RuleViolation("bad_request", "\"" + field + "\" must be a string", field);
    }
    String text = json.getString(name).strip();
    if (text.length() > max) {
      throw new RuleViolation(
          "text_too_long", "\"" + field + "\" must be at most " + max + " characters", field);
    }
    return text;
  }

  private static int number(JsonObject json, String name, int fallback) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return fallback;
    }
    if (value.getValueType() != JsonValue.ValueType.NUMBER
        || !json.getJsonNumber(name).isIntegral()
        || json.getJsonNumber(name).longValue() < 0
        || json.getJsonNumber(name).longValue() > MAX_AFTER_SECONDS) {
      throw new RuleViolation(
          "bad_request",
          "\"" + name + "\" must be a whole number from 0 to " + MAX_AFTER_SECONDS,
          "proactive." + name);
    }
    return json.getInt(name);
  }

  private static JsonObject object(JsonObject json, String name) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new RuleViolation("bad_request", "\"" + name + "\" must be an object");
    }
    return value.asJsonObject();
  }

  private static JsonArray array(JsonObject json, String name) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return JsonValue.EMPTY_JSON_ARRAY;
    }
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new RuleViolation("bad_request", "\"" + name + "\" must be an array");
    }
    return value.asJsonArray();
  }

  private static List<String> strings(
      JsonObject json, String name, int maxItems, int maxLength, String field) {
    JsonArray list = array(json, name);
    if (list.size() > maxItems) {
      throw new RuleViolation(
          "bad_request", "\"" + field + "\" has at most " + maxItems + " entries", field);
    }
    Set<String> values = new LinkedHashSet<>();
    for (JsonValue value : list) {
      if (value.getValueType() != JsonValue.ValueType.STRING) {
        throw new RuleViolation("bad_request", "\"" + field + "\" holds strings", field);
      }
      String text = ((jakarta.json.JsonString) value).getString().strip();
      if (text.length() > maxLength) {
        throw new RuleViolation(
            "text_too_long", "an entry of \"" + field + "\" is too long", field);
      }
      if (!text.isEmpty()) {
        values.add(text);
      }
    }
    return List.copyOf(values);
  }

  /** The JSON as stored in the site's row. */
  String stored() {
    return toJson().toString();
  }
}
