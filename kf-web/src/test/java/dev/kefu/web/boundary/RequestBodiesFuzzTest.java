package dev.kefu.web.boundary;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kefu.shared.Text;
import dev.kefu.web.control.BodyTooLarge;
import dev.kefu.web.control.JsonBody;
import dev.kefu.web.control.RefusedInput;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Any request body under any content type is either taken or refused as the client's fault (400 or
 * 413), never with another exception (a 500); and what is taken is what Kefu takes: JSON that the
 * JSON binding read passed {@link JsonBody} first, and form fields are valid text.
 *
 * <p>The body is read as Payara reads it ({@link JerseyReading}: Jersey's own providers behind
 * {@link RequestBodies}, under a body limit of {@value #LIMIT} bytes here). Which resource method
 * takes the request is not modelled: whatever reaches the interceptor is judged, as the interceptor
 * is Kefu's one guard of bodies.
 *
 * <p>An input is one byte, whose value modulo 3 picks what the resource reads ({@code 0} an object
 * through the JSON binding, {@code 1} a string, {@code 2} form fields), then the {@code
 * Content-Type} header up to the first line feed (empty for none), then the body: {@code
 * 0application/json\n{"name":"x"}}.
 */
class RequestBodiesFuzzTest {

  static final long LIMIT = 2048;

  /** An object as resources take them: the JSON binding fills it. */
  public record Input(
      String name,
      Integer capacity,
      Boolean available,
      List<String> skills,
      Map<String, String> fields,
      Nested nested) {}

  public record Nested(String text, Long seq) {}

  private static final Class<?>[] KINDS = {Input.class, String.class, Form.class};

  @FuzzTest
  void bodyIsTakenOrRefusedAsTheClientsFault(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    Class<?> kind = KINDS[(input[0] & 0xff) % KINDS.length];
    int lineFeed = 1;
    while (lineFeed < input.length && input[lineFeed] != '\n') {
      lineFeed++;
    }
    // Header values reach the server as bytes, each one character.
    String header = new String(input, 1, lineFeed - 1, StandardCharsets.ISO_8859_1).strip();
    byte[] body = Arrays.copyOfRange(input, Math.min(lineFeed + 1, input.length), input.length);
    MediaType mediaType;
    try {
      mediaType =
          header.isEmpty() ? MediaType.APPLICATION_OCTET_STREAM_TYPE : MediaType.valueOf(header);
    } catch (IllegalArgumentException unreadableHeader) {
      return; // Jersey answers 400 before any resource is chosen
    }
    if (kind == Form.class && !FormBodies.isForm(mediaType)) {
      return; // FormBodies answers 415 before the fields are read
    }

    JerseyReading reading = new JerseyReading(kind, mediaType, body, LIMIT);
    Object value;
    try {
      value = new RequestBodies().aroundReadFrom(reading);
    } catch (RefusedInput | BodyTooLarge refused) {
      return;
    } catch (WebApplicationException refused) {
      int status = refused.getResponse().getStatus();
      assertTrue(status >= 400 && status < 500, () -> "answered " + status);
      return;
    }

    if (reading.byJsonBinding) {
      assertDoesNotThrow(
          () -> JsonBody.checked(body),
          () -> "the JSON binding read what Kefu does not take, as " + mediaType);
    }
    if (value instanceof Form form) {
      form.asMap()
          .forEach(
              (name, values) -> {
                assertTrue(Text.acceptable(name, true), () -> "field name " + name);
                values.forEach(
                    v -> assertTrue(Text.acceptable(v, true), () -> "field " + name + ": " + v));
              });
    }
  }
}
