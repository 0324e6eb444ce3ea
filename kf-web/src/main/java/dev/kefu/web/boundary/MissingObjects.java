package dev.kefu.web.boundary;

import dev.kefu.shared.NotFoundException;
import dev.kefu.web.control.ErrorAnswer;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * An object that does not exist for the caller: 404 {@code not_found}, the same whether it does not
 * exist or is not the caller's.
 */
@Provider
public class MissingObjects implements ExceptionMapper<NotFoundException> {

  @Override
  public Response toResponse(NotFoundException missing) {
    return ErrorAnswer.of(404, "not_found", missing.getMessage());
  }
}
