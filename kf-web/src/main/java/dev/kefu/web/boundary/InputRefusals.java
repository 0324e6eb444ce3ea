package dev.kefu.web.boundary;

import dev.kefu.web.control.ErrorAnswer;
import dev.kefu.web.control.RefusedInput;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Parameters or a body Kefu cannot take: 400 {@code bad_request}, logged at most as one line. */
@Provider
public class InputRefusals implements ExceptionMapper<RefusedInput> {

  @Override
  public Response toResponse(RefusedInput refused) {
    return ErrorAnswer.of(400, "bad_request", refused.getMessage());
  }
}
