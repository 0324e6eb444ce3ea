package dev.kefu.web.boundary;

import dev.kefu.health.boundary.NodeHealth;
import dev.kefu.web.control.BodyTooLarge;
import dev.kefu.web.control.ErrorAnswer;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
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
    if (isCutBody(fault)) {
      LOG.fine(() -> "request body cut off or timed out: " + call());
      return ErrorAnswer.of(400, "bad_request", "the request body did not arrive in time");
    }
    LOG.log(Level.WARNING, "REST call " + call() + " failed", fault);
    // A provider of the runtime's own, not a CDI bean: the node's health is looked up.
    CDI.current().select(NodeHealth.class).get().reportIfFatal(fault);
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

  /**
   * A body the client stopped sending: the server's read timeout or request timeout ended the read
   * (an {@link IOException}, perhaps wrapping a timeout, under the runtime's processing exception).
   * The client's doing, so neither a fault nor worth a stack trace.
   */
  private static boolean isCutBody(Throwable fault) {
    if (!(fault instanceof ProcessingException)) {
      return false;
    }
    for (Throwable cause = fault.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private String call() {
    try {
      return request.getMethod() + " /" + uri.getPath();
    } catch (RuntimeException outsideARequest) {
      return "(unknown)";
    }
  }
}
