package dev.kefu.audit.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class ChangeDetailTest {

  @Test
  void onlyTheChangedFieldsAreKeptOnBothSides() {
    JsonObject before =
        Json.createObjectBuilder()
            .add("greeting", "Hi")
            .add("allowedOrigins", Json.createArrayBuilder().add("https://a.example"))
            .build();
    JsonObject after =
        Json.createObjectBuilder()
            .add("greeting", "您好")
            .add("allowedOrigins", Json.createArrayBuilder().add("https://a.example"))
            .build();
    assertThat(ChangeDetail.of(before, after))
        .hasValueSatisfying(
            detail ->
                assertThat(detail.toString())
                    .isEqualTo(
                        "{\"before\":{\"greeting\":\"Hi\"},\"after\":{\"greeting\":\"您好\"}}"));
  }

  @Test
  void aFieldOnOneSideOnlyIsNullOnTheOther() {
    JsonObject before = Json.createObjectBuilder().build();
    JsonObject after = Json.createObjectBuilder().add("capacity", 5).build();
    assertThat(ChangeDetail.of(before, after).orElseThrow().toString())
        .isEqualTo("{\"before\":{\"capacity\":null},\"after\":{\"capacity\":5}}");
  }

  @Test
  void nothingChangedIsNoDetail() {
    JsonObject same = Json.createObjectBuilder().add("greeting", "Hi").build();
    assertThat(ChangeDetail.of(same, Json.createObjectBuilder(same).build())).isEmpty();
  }
}
