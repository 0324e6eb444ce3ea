package dev.kefu.tenant.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WidgetSettingsTest {

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  private static final String FORM =
      "{\"prechat\":{\"enabled\":true,\"fields\":["
          + "{\"type\":\"name\",\"required\":true},"
          + "{\"type\":\"email\"},"
          + "{\"type\":\"phone\"},"
          + "{\"type\":\"text\",\"key\":\"order\",\"label\":\"Order number\",\"required\":true}]}}";

  @Test
  void whatIsSavedIsReadBackTheSame() {
    WidgetSettings settings =
        WidgetSettings.of(
            json(
                "{\"title\":\" Help \",\"colors\":{\"primary\":\"#1E6FFF\",\"text\":\"#fff\"},"
                    + "\"proactive\":{\"enabled\":true,\"text\":\"Hi\",\"afterSeconds\":7,"
                    + "\"pages\":[\"/pricing*\",\"/pricing*\",\" \"]}}"));
    WidgetSettings again = WidgetSettings.stored(settings.stored());
    assertThat(again.toJson()).isEqualTo(settings.toJson());
    assertThat(again.toJson().getString("title")).isEqualTo("Help");
    assertThat(again.toJson().getJsonObject("colors").getString("primary")).isEqualTo("#1e6fff");
    assertThat(again.toJson().getJsonObject("proactive").getJsonArray("pages")).hasSize(1);
  }

  @Test
  void coloursAreHexOnly() {
    for (String colour : new String[] {"red", "#12", "#1234567", "rgb(1,2,3)", "#ggg"}) {
      assertThatThrownBy(
              () -> WidgetSettings.of(json("{\"colors\":{\"primary\":\"" + colour + "\"}}")))
          .as(colour)
          .isInstanceOf(RuleViolation.class)
          .extracting(e -> ((RuleViolation) e).code())
          .isEqualTo("colour_invalid");
    }
  }

  @Test
  void formFieldsNeedAKnownTypeAUniqueKeyAndALabelOfTheirOwn() {
    String[] refused = {
      "{\"type\":\"date\"}",
      "{\"type\":\"text\",\"key\":\"Order\",\"label\":\"x\"}",
      "{\"type\":\"text\",\"key\":\"order\"}",
      "{\"type\":\"text\",\"key\":\"email\",\"label\":\"x\"}",
      "{\"type\":\"name\"},{\"type\":\"name\"}"
    };
    for (String fields : refused) {
      assertThatThrownBy(
              () -> WidgetSettings.of(json("{\"prechat\":{\"fields\":[" + fields + "]}}")))
          .as(fields)
          .isInstanceOf(RuleViolation.class)
          .extracting(e -> ((RuleViolation) e).code())
          .isEqualTo("prechat_invalid");
    }
  }

  @Test
  void aVisitorsAnswersAreCheckedAgainstTheForm() {
    WidgetSettings form = WidgetSettings.of(json(FORM));
    assertThat(
            form.checkedPrechat(
                Map.of("name", " Li ", "order", "A-1", "unasked", "x", "email", "")))
        .containsExactly(Map.entry("name", "Li"), Map.entry("order", "A-1"));
    assertThatThrownBy(() -> form.checkedPrechat(Map.of("name", "Li")))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(
            () -> form.checkedPrechat(Map.of("name", "Li", "order", "1", "email", "not-mail")))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(
            () -> form.checkedPrechat(Map.of("name", "Li", "order", "1", "phone", "call me")))
        .isInstanceOf(RuleViolation.class);
  }

  @Test
  void aPhoneNumberIsDigitsSpacesAndPunctuationOnly() {
    assertThat(WidgetSettings.isPhone("+86 (10) 1234-5678")).isTrue();
    assertThat(WidgetSettings.isPhone("call me")).isFalse();
    assertThat(WidgetSettings.isPhone("+86 10 1234\n5678")).isFalse();
    assertThat(WidgetSettings.isPhone("+86 10 1234 5678\r\n")).isFalse();
    assertThat(WidgetSettings.isPhone(" +86 10 1234 5678 ")).isTrue();
  }

  @Test
  void aPrechatEmailIsOneAddress() {
    WidgetSettings form = WidgetSettings.of(json(FORM));
    assertThat(form.checkedPrechat(Map.of("name", "Li", "order", "1", "email", " li@example.com ")))
        .containsEntry("email", "li@example.com");
    assertThatThrownBy(
            () ->
                form.checkedPrechat(
                    Map.of("name", "Li", "order", "1", "email", "li@example.com,x@evil.example")))
        .isInstanceOf(RuleViolation.class);
  }

  @Test
  void anUnreadableStoredValueFallsBackToTheDefaults() {
    assertThat(WidgetSettings.stored("{not json").toJson())
        .isEqualTo(WidgetSettings.defaults().toJson());
    assertThat(WidgetSettings.stored(null).prechatEnabled()).isFalse();
  }

  @Test
  void aVisitorReadsTheTextsOfTheirLanguageAndTheDefaultOnesOtherwise() {
    WidgetSettings settings =
        WidgetSettings.of(
            json(
                "{\"title\":\"客服\",\"offlineText\":\"请留言\","
                    + "\"proactive\":{\"enabled\":true,\"text\":\"需要帮助吗？\"},"
                    + "\"texts\":{\"en\":{\"title\":\"Help\",\"offlineText\":\"Leave a note\","
                    + "\"greeting\":\"Hello\",\"proactiveText\":\"\"}}}"));

    JsonObject english = settings.toJsonFor("en-GB");
    assertThat(english.getString("title")).isEqualTo("Help");
    assertThat(english.getString("offlineText")).isEqualTo("Leave a note");
    assertThat(english.getJsonObject("proactive").getString("text"))
        .as("an empty text of a language is the default one")
        .isEqualTo("需要帮助吗？");
    assertThat(english).doesNotContainKey("texts");
    assertThat(settings.greetingFor("en", "您好")).isEqualTo("Hello");

    JsonObject chinese = settings.toJsonFor("zh-CN");
    assertThat(chinese.getString("offlineText")).isEqualTo("请留言");
    assertThat(settings.greetingFor("zh-TW", "您好")).isEqualTo("您好");
    assertThat(settings.toJsonFor("fr").getString("title")).isEqualTo("客服");
    assertThat(settings.toJsonFor(null).getString("title")).isEqualTo("客服");
    assertThat(WidgetSettings.of(settings.toJson()).textsIn("en").title()).isEqualTo("Help");
  }

  @Test
  void textsAreForKnownLanguagesAndARefusalNamesItsField() {
    assertThatThrownBy(() -> WidgetSettings.of(json("{\"texts\":{\"fr\":{\"title\":\"Aide\"}}}")))
        .isInstanceOf(RuleViolation.class)
        .extracting("code")
        .isEqualTo("language_unknown");
    // The refusal names the language sent, not at any length.
    String longKey = "x".repeat(10_000);
    assertThatThrownBy(
            () -> WidgetSettings.of(json("{\"texts\":{\"" + longKey + "\":{\"title\":\"A\"}}}")))
        .isInstanceOf(RuleViolation.class)
        .hasMessageEndingWith(": " + "x".repeat(20));
    String longTitle = "x".repeat(WidgetSettings.MAX_TITLE + 1);
    assertThatThrownBy(
            () -> WidgetSettings.of(json("{\"texts\":{\"en\":{\"title\":\"" + longTitle + "\"}}}")))
        .isInstanceOf(RuleViolation.class)
        .extracting("field")
        .isEqualTo("texts.en.title");
    assertThatThrownBy(() -> WidgetSettings.of(json("{\"colors\":{\"text\":\"white\"}}")))
        .extracting("field")
        .isEqualTo("colors.text");
  }

  @Test
  void theChatButtonSitsBottomRightUnlessTheSiteSaysOtherwise() {
    JsonObject position = WidgetSettings.defaults().toJson().getJsonObject("position");
    assertThat(position.getString("side")).isEqualTo("right");
    assertThat(position.getInt("bottom")).isEqualTo(20);

    WidgetSettings moved =
        WidgetSettings.of(json("{\"position\":{\"side\":\"LEFT\",\"bottom\":96}}"));
    assertThat(moved.side()).isEqualTo("left");
    assertThat(moved.bottomOffset()).isEqualTo(96);
    assertThat(WidgetSettings.stored(moved.stored()).toJsonFor("en").getJsonObject("position"))
        .isEqualTo(moved.toJson().getJsonObject("position"));
  }

  @Test
  void aPositionOffTheSidesOrOutOfRangeIsRefusedAtItsField() {
    Map<String, String> refused =
        Map.of(
            "{\"side\":\"top\"}", "position.side",
            "{\"side\":3}", "position.side",
            "{\"bottom\":-1}", "position.bottom",
            "{\"bottom\":401}", "position.bottom",
            "{\"bottom\":12.5}", "position.bottom",
            "{\"bottom\":\"20px\"}", "position.bottom");
    refused.forEach(
        (position, field) ->
            assertThatThrownBy(() -> WidgetSettings.of(json("{\"position\":" + position + "}")))
                .as(position)
                .isInstanceOfSatisfying(
                    RuleViolation.class,
                    e -> {
                      assertThat(e.field()).isEqualTo(field);
                      assertThat(e.code())
                          .isEqualTo(position.contains("3") ? "bad_request" : "position_invalid");
                    }));
  }

  @Test
  void aRefusedPrechatAnswerNamesItsField() {
    WidgetSettings form = WidgetSettings.of(json(FORM));
    assertThatThrownBy(() -> form.checkedPrechat(Map.of("name", "Li", "email", "not-an-address")))
        .isInstanceOfSatisfying(
            RuleViolation.class, e -> assertThat(e.field()).isEqualTo("prechat.fields.email"));
    assertThatThrownBy(() -> form.checkedPrechat(Map.of("name", "Li")))
        .isInstanceOfSatisfying(
            RuleViolation.class, e -> assertThat(e.field()).isEqualTo("prechat.fields.order"));
  }
}
