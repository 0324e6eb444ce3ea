package dev.kefu.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.shared.Jsonp;
import dev.kefu.tenant.entity.WidgetSettings;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationSummaryTest {

  private static final List<WidgetSettings.Field> FORM =
      List.of(
          new WidgetSettings.Field("name", "name", "", true),
          new WidgetSettings.Field("phone", "phone", "", false),
          new WidgetSettings.Field("order", "text", "Order number", true));

  @Test
  void preChatAnswersComeInTheFormsOrderUnderItsLabelsAndUnknownOnesLast() {
    JsonObject answers =
        Jsonp.createObjectBuilder()
            .add("retired", "asked by an older form")
            .add("order", "A-1001")
            .add("phone", "+86 10 1234 5678")
            .build();

    JsonArray fields = ConversationSummary.prechatFields(answers, FORM);

    assertThat(fields.getValuesAs(JsonObject.class))
        .extracting(
            f -> f.getString("key"),
            f -> f.getString("type"),
            f -> f.getString("label"),
            f -> f.getString("value"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("phone", "phone", "", "+86 10 1234 5678"),
            org.assertj.core.groups.Tuple.tuple("order", "text", "Order number", "A-1001"),
            org.assertj.core.groups.Tuple.tuple("retired", "text", "", "asked by an older form"));
  }

  @Test
  void aFormFieldTheVisitorLeftEmptyIsNotListed() {
    JsonObject answers = Jsonp.createObjectBuilder().add("order", "A-7").build();

    assertThat(ConversationSummary.prechatFields(answers, FORM).getValuesAs(JsonObject.class))
        .extracting(f -> f.getString("key"))
        .containsExactly("order");
  }
}
