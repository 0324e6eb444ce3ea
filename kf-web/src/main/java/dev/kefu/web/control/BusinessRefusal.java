package dev.kefu.web.control;

import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * Answers what the business refuses as the REST API does: an object the caller may not reach is 404
 * {@code not_found}, exactly as one that does not exist; a {@code conflict} is 409; any other rule
 * broken is 400 with its code.
 */
public final class BusinessRefusal {

  private BusinessRefusal() {}

  public static <T> T answering(Supplier<T> call) {
    try {
      return call.get();
    } catch (NotFoundException missing) {
      throw Caller.failure(Response.Status.NOT_FOUND, "not_found", missing.getMessage());
    } catch (RuleViolation refused) {
      throw Caller.failure(
          "conflict".equals(refused.code())
              ? Response.Status.CONFLICT
              : Response.Status.BAD_REQUEST,
          refused.code(),
          refused.getMessage());
    }
  }
}
