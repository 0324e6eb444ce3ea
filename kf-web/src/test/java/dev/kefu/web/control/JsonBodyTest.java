package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void refused(byte[] body, String message) {
    assertThatThrownBy(() -> JsonBody.checked(body))
        .isInstanceOf(RefusedInput.class)
        .hasMessage(message);
  }

  @Test
  void anObjectOfValidTextIsTakenAsItIs() {
    String json =
        "{\"name\":\"客服 😀\",\"text\":\"line one\\r\\nline two\\tend\","
            + "\"rules\":[{\"pattern\":\"/pricing*\"}],\"n\":1e3,\"on\":true,\"x\":null}";
    assertThat(JsonBody.checked(utf8(json))).isEqualTo(json);
  }

  @Test
  void anythingButAnObjectAtTheTopIsRefused() {
    refused(utf8("[]"), "the body must be a JSON object");
    refused(utf8("\"x\""), "the body must be a JSON object");
    refused(utf8("123"), "the body must be a JSON object");
    refused(utf8("null"), "the body must be a JSON object");
    refused(utf8(""), "the body must be a JSON object");
    refused(utf8("   "), "the body must be a JSON object");
  }

  @Test
  void malformedJsonIsRefused() {
    refused(utf8("{"), "the body is not valid JSON");
    refused(utf8("{\"a\":}"), "the body is not valid JSON");
    refused(utf8("{} {}"), "the body is not valid JSON");
    refused(utf8("{\"a\":\"raw \u0000 nul\"}"), "the body is not valid JSON");
  }

  @Test
  void aByteOrderMarkIsRefused() {
    byte[] json = utf8("{}");
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xef;
    withBom[1] = (byte) 0xbb;
    withBom[2] = (byte) 0xbf;
    System.arraycopy(json, 0, withBom, 3, json.length);
    refused(withBom, "the body starts with a byte order mark; send UTF-8 without one");
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    refused(
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
        "the body is not valid UTF-8");
    // An encoded surrogate (CESU-8) is not UTF-8 either.
    refused(
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'},
        "the body is not valid UTF-8");
  }

  @Test
  void nestingBeyondThirtyTwoLevelsIsRefusedWithoutReadingFurther() {
    String thirtyTwo = "{\"a\":" + "[".repeat(31) + "]".repeat(31) + "}";
    assertThat(JsonBody.checked(utf8(thirtyTwo))).isEqualTo(thirtyTwo);
    refused(
        utf8("{\"a\":" + "[".repeat(32) + "]".repeat(32) + "}"),
        "the body is nested deeper than 32 levels");
    refused(utf8("{\"a\":" + "[".repeat(10_000)), "the body is nested deeper than 32 levels");
  }

  @Test
  void aLoneSurrogateOrAControlCharacterInAStringIsRefusedNamingItsField() {
    refused(utf8("{\"password\":\"\\ud800\"}"), "\"password\" holds a lone UTF-16 surrogate");
    refused(utf8("{\"username\":\"a\\u0000\"}"), "\"username\" holds a control character");
    refused(utf8("{\"title\":\"\\u001b[31m\"}"), "\"title\" holds a control character");
    refused(
        utf8("{\"rules\":[{\"pattern\":\"ok\"},\"\\udfff\"]}"),
        "\"rules\" holds a lone UTF-16 surrogate");
    refused(
        utf8("{\"rules\":[{\"pattern\":\"\\u0007\"}]}"), "\"pattern\" holds a control character");
  }

  @Test
  void aKeyThatIsNotValidTextIsRefused() {
    refused(utf8("{\"\\ud800\":1}"), "a key holds a lone UTF-16 surrogate");
    refused(utf8("{\"a\\u0000\":1}"), "a key holds a control character");
  }
}
