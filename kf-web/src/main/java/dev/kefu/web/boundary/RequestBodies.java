package dev.kefu.web.boundary;

import dev.kefu.shared.Text;
import dev.kefu.web.control.BodyTooLarge;
import dev.kefu.web.control.JsonBody;
import dev.kefu.web.control.RefusedInput;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Every request body the REST API reads passes here first, so that no resource sees one Kefu does
 * not take. JSON must be what {@link JsonBody} accepts; form fields must be valid text ({@link
 * Text#acceptable(String, boolean)}); either comes in UTF-8 or without a charset. A body that
 * cannot be read as the resource's type (a JSON array or a bare string where an object is expected,
 * a number out of range) is refused as well: {@link RefusedInput}, 400. A body that passes its byte
 * limit while it is read ({@link RequestBodyLimits}) is {@link BodyTooLarge}, 413. Streams a
 * resource reads itself (file uploads) pass untouched.
 */
@Provider
public class RequestBodies implements ReaderInterceptor {

  private static final Logger LOG = Logger.getLogger(RequestBodies.class.getName());

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    Class<?> type = context.getType();
    if (InputStream.class.isAssignableFrom(type) || Reader.class.isAssignableFrom(type)) {
      return context.proceed();
    }
    MediaType mediaType = context.getMediaType();
    boolean json = isJson(mediaType);
    boolean form =
        mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    if (json || form) {
      requireUtf8(mediaType);
    }
    if (json) {
      byte[] body = bytesOf(context.getInputStream());
      JsonBody.checked(body);
      context.setInputStream(new ByteArrayInputStream(body));
    }
    Object value;
    try {
      value = context.proceed();
    } catch (WebApplicationException | RefusedInput refused) {
      throw refused;
    } catch (IOException | RuntimeException unreadable) {
      BodyTooLarge tooLarge = BodyTooLarge.in(unreadable);
      if (tooLarge != null) {
        throw tooLarge;
      }
      LOG.fine(() -> "request body refused: " + unreadable);
      throw new RefusedInput("the body is not what this request takes");
    }
    if (value instanceof Form fields && !encoded(context)) {
      checkFields(fields.asMap());
    }
    return value;
  }

  /**
   * Whether the body may be read as JSON: a type a resource taking JSON accepts ({@code
   * application/json}, or a wildcard), or one the JSON binding reads whatever its main type ({@code
   * text/json}, {@code application/merge-patch+json}: any {@code json} or {@code +json} subtype).
   */
  private static boolean isJson(MediaType type) {
    if (type == null) {
      return false;
    }
    String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
    return type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
        || subtype.equals("json")
        || subtype.endsWith("+json");
  }

  private static void requireUtf8(MediaType type) {
    String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset == null) {
      return;
    }
    boolean utf8;
    try {
      utf8 = Charset.forName(charset.trim()).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException unknown) {
      utf8 = false;
    }
    if (!utf8) {
      throw new RefusedInput("the body must be UTF-8 (charset=utf-8 or none)");
    }
  }

  private static byte[] bytesOf(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (IOException failed) {
      BodyTooLarge tooLarge = BodyTooLarge.in(failed);
      if (tooLarge != null) {
        throw tooLarge;
      }
      // A client that went away in the middle of its body: nobody reads the answer.
      throw new RefusedInput("the body could not be read to its end");
    }
  }

  private static boolean encoded(ReaderInterceptorContext context) {
    for (var annotation : context.getAnnotations()) {
      if (annotation instanceof Encoded) {
        return true;
      }
    }
    return false;
  }

  private static void checkFields(Map<String, List<String>> fields) {
    for (Map.Entry<String, List<String>> field : fields.entrySet()) {
      String problem = Text.problemIn(field.getKey(), true);
      if (problem != null) {
        throw new RefusedInput("a field name " + problem);
      }
      for (String value : field.getValue()) {
        problem = Text.problemIn(value, true);
        if (problem != null) {
          throw new RefusedInput("\"" + field.getKey() + "\" " + problem);
        }
      }
    }
  }
}
