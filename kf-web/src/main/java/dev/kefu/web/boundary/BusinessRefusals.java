package dev.kefu.web.boundary;

import dev.kefu.shared.RuleViolation;
import dev.kefu.web.control.ErrorAnswer;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A rule of the business that a call broke: 409 for a {@code conflict}, 400 otherwise. */
@Provider
public class BusinessRefusals implements ExceptionMapper<RuleViolation> {

  @Override
  public Response toResponse(RuleViolation refused) {
    return ErrorAnswer.of(
        "conflict".equals(refused.code()) ? 409 : 400, refused.code(), refused.getMessage());
  }
}
