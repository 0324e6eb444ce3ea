package dev.kefu.web.boundary;

import dev.kefu.web.control.BodyTooLarge;
import dev.kefu.web.control.ErrorAnswer;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body of unannounced length that passed its limit while it was read ({@link RequestBodyLimits}):
 * 413 {@code payload_too_large}. What is left of it is never read into memory.
 */
@Provider
public class OversizeRefusals implements ExceptionMapper<BodyTooLarge> {

  @Override
  public Response toResponse(BodyTooLarge tooLarge) {
    return Response.fromResponse(ErrorAnswer.of(413, "payload_too_large", tooLarge.getMessage()))
        .header("Connection", "close")
        .build();
  }
}
