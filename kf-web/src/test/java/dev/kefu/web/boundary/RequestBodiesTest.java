package dev.kefu.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.web.control.BodyTooLarge;
import dev.kefu.web.control.RefusedInput;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

  public record Input(String name) {}

  private static Object read(Class<?> type, String contentType, String body) throws IOException {
    return new RequestBodies()
        .aroundReadFrom(
            new JerseyReading(
                type, MediaType.valueOf(contentType), body.getBytes(StandardCharsets.UTF_8), 1024));
  }

  @Test
  void jsonIsCheckedUnderEveryTypeTheJsonBindingReads() throws IOException {
    for (String type :
        new String[] {
          "application/json",
          "application/json; charset=utf-8",
          "application/merge-patch+json",
          "application/vnd.kefu+json",
          "text/json",
          "whatever/json"
        }) {
      assertThatThrownBy(() -> read(Input.class, type, "{\"name\":\"x\\u0001\"}"))
          .as(type)
          .isInstanceOf(RefusedInput.class)
          .hasMessage("\"name\" holds a control character");
      assertThatThrownBy(() -> read(Input.class, type, "{\"name\":\"\\ud800\"}"))
          .as(type)
          .isInstanceOf(RefusedInput.class);
      assertThat(read(Input.class, type, "{\"name\":\"客服 😀\"}")).isEqualTo(new Input("客服 😀"));
    }
  }

  @Test
  void aBodyNoReaderTakesIsABadRequest() {
    assertThatThrownBy(() -> read(Input.class, "text/plain", "{\"name\":\"x\"}"))
        .isInstanceOf(RefusedInput.class);
    assertThatThrownBy(() -> read(Input.class, "application/json", "[]"))
        .isInstanceOf(RefusedInput.class);
  }

  @Test
  void onlyUtf8IsTaken() {
    assertThatThrownBy(() -> read(Input.class, "application/json; charset=latin1", "{}"))
        .isInstanceOf(RefusedInput.class);
    assertThatThrownBy(() -> read(Input.class, "text/json; charset=nonsense", "{}"))
        .isInstanceOf(RefusedInput.class);
  }

  @Test
  void formFieldsMustBeValidText() throws IOException {
    String form = "application/x-www-form-urlencoded";
    assertThatThrownBy(() -> read(Form.class, form, "username=li%01"))
        .isInstanceOf(RefusedInput.class)
        .hasMessage("\"username\" holds a control character");
    assertThat(((Form) read(Form.class, form, "username=%E6%9D%8E")).asMap().getFirst("username"))
        .isEqualTo("李");
  }

  @Test
  void aBodyOverItsLimitIsTooLarge() {
    String big = "{\"name\":\"" + "x".repeat(2000) + "\"}";
    assertThatThrownBy(() -> read(Input.class, "application/json", big))
        .isInstanceOf(BodyTooLarge.class);
  }
}
