package dev.kefu.web.control;

import dev.kefu.shared.Jsonp;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Kefu's error shape on HTTP, {@code {"error":"<code>","message":"…"}} in JSON, for answers built
 * by JAX-RS ({@link #of}) and for those written by servlet filters before JAX-RS is reached ({@link
 * #write}).
 */
public final class ErrorAnswer {

  private static final JsonProvider JSON = Jsonp.provider();

  private ErrorAnswer() {}

  /** The answer, as a JAX-RS response. */
  public static Response of(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(body(code, message))
        .build();
  }

  /**
   * The answer to a refusal of one field of the request, which it names in {@code field} (as the
   * sockets' {@code error} frames do), so that a form can show it beside that field.
   */
  public static Response of(int status, String code, String message, String field) {
    if (field == null) {
      return of(status, code, message);
    }
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            JSON.createObjectBuilder()
                .add("error", code)
                .add("message", message)
                .add("field", field)
                .build()
                .toString())
        .build();
  }

  /** Writes the answer to a servlet response that nothing has been written to yet. */
  public static void write(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    byte[] body = body(code, message).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /**
   * The answer to a refusal that says no more than its status: what the JAX-RS runtime or the
   * container refuse by themselves (no such address, a method or body type an address does not
   * take, an unreadable header).
   */
  public static String forStatus(int status) {
    String code =
        switch (status) {
          case 400 -> "bad_request";
          case 401 -> "unauthorized";
          case 403 -> "forbidden";
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 406 -> "not_acceptable";
          case 409 -> "conflict";
          case 411 -> "length_required";
          case 413 -> "payload_too_large";
          case 415 -> "unsupported_media_type";
          default -> status >= 500 ? "unavailable" : "bad_request";
        };
    String message =
        switch (status) {
          case 401 -> "sign in first";
          case 403 -> "not allowed";
          case 404 -> "no such address";
          case 405 -> "this address does not take this method";
          case 406 -> "this address answers in JSON";
          case 411 -> "a body sent here must announce its length (Content-Length)";
          case 413 -> "the request body is too large";
          case 415 -> "this address does not take a body of this type";
          default -> status >= 500 ? "the server could not handle the request" : "bad request";
        };
    return body(code, message);
  }

  /** The body itself. */
  public static String body(String code, String message) {
    return JSON.createObjectBuilder().add("error", code).add("message", message).build().toString();
  }
}
