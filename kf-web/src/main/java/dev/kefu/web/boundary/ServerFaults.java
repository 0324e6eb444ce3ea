package dev.kefu.web.boundary;

import dev.kefu.web.control.BodyTooLarge;
import dev.kefu.web.control.ErrorAnswer;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whatever else fails in a REST call is a fault of the server: 500 {@code unavailable} in Kefu's
 * error shape, never the server's HTML page with its internals, and one warning with the stack
 * trace in the log. Refusals of the client's input have mappers of their own and never get here,
 * except the two the JAX-RS runtime raises from within: an unreadable header (400) and a body that
 * passed its limit (413).
 */
@Provider
public class ServerFaults implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ServerFaults.class.getName());

  @Context UriInfo uri;
  @Context Request request;

  @Override
  public Response toResponse(Throwable fault) {
    BodyTooLarge tooLarge = BodyTooLarge.in(fault);
    if (tooLarge != null) {
      return new OversizeRefusals().toResponse(tooLarge);
    }
    if (isUnreadableHeader(fault)) {
      LOG.fine(() -> "request with an unreadable header refused: " + fault.getMessage());
      return ErrorAnswer.of(400, "bad_request", "a header of the request cannot be read");
    }
    LOG.log(Level.WARNING, "REST call " + call() + " failed", fault);
    return ErrorAnswer.of(500, "unavailable", "the server could not handle the request");
  }

  /**
   * Jersey's own exception for a header it cannot parse, of the request ({@code INBOUND}) rather
   * than of an answer; found by name, since the API has no type for it.
   */
  private static boolean isUnreadableHeader(Throwable fault) {
    if (!fault.getClass().getSimpleName().equals("HeaderValueException")) {
      return false;
    }
    try {
      return "INBOUND"
          .equals(String.valueOf(fault.getClass().getMethod("getContext").invoke(fault)));
    } catch (ReflectiveOperationException | RuntimeException notJerseys) {
      return false;
    }
  }

  private String call() {
    try {
      return request.getMethod() + " /" + uri.getPath();
    } catch (RuntimeException outsideARequest) {
      return "(unknown)";
    }
  }
}
