package dev.kefu.web.boundary;

import dev.kefu.web.control.ErrorAnswer;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * What JAX-RS refuses by itself (no such address 404, a method the address does not take 405, a
 * body type it does not take 415, an answer type it cannot give 406, …) in Kefu's error shape,
 * instead of the server's HTML error page. Headers such as {@code Allow} stay. Refusals that carry
 * their own answer already (those of {@code Caller.failure}) pass unchanged. A query parameter that
 * cannot be converted to its type is a bad request (400), not a missing address.
 */
@Provider
public class HttpRefusals implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException refusal) {
    Response given = refusal.getResponse();
    if (given.hasEntity()) {
      return given;
    }
    String parameter = unreadableParameter(refusal);
    if (parameter != null) {
      return ErrorAnswer.of(
          400, "bad_request", "the parameter \"" + parameter + "\" is not of the right kind");
    }
    return Response.fromResponse(given)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ErrorAnswer.forStatus(given.getStatus()))
        .build();
  }

  /**
   * The name of a query, form, header or cookie parameter that Jersey could not convert (say {@code
   * ?after=abc} for a number), which the specification answers 404 for a query: a bad request
   * rather than a missing address. Found by name, since the API has no type for it; a path
   * parameter that cannot be converted stays 404, as no such address exists.
   */
  private static String unreadableParameter(WebApplicationException refusal) {
    String type = refusal.getClass().getName();
    if (!type.startsWith("org.glassfish.jersey.server.ParamException$")
        || type.endsWith("PathParamException")
        || type.endsWith("MatrixParamException")) {
      return null;
    }
    try {
      return String.valueOf(refusal.getClass().getMethod("getParameterName").invoke(refusal));
    } catch (ReflectiveOperationException | RuntimeException notJerseys) {
      return null;
    }
  }
}
