package dev.kefu.web.boundary;

import dev.kefu.shared.RuleViolation;
import dev.kefu.web.control.ErrorAnswer;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A rule of the business that a call broke, answered with its code and message. The code decides
 * the status: {@code conflict}, {@code conversation_closed} and an invitation that cannot be made
 * now ({@code visitor_offline}, {@code already_chatting}, {@code visitor_blocked}) and a tenant's
 * move that clashes ({@code tenant_exists}, {@code import_conflict}, {@code tenant_active}) are
 * 409, {@code forbidden} (a shared canned reply kept by others) 403, {@code file_too_large} 413,
 * {@code file_type_refused} 415, any other 400. A refusal of one field of the request names it in
 * {@code field}. Resources let these refusals through rather than translating them each.
 */
@Provider
public class BusinessRefusals implements ExceptionMapper<RuleViolation> {

  @Override
  public Response toResponse(RuleViolation refused) {
    return ErrorAnswer.of(
        status(refused.code()), refused.code(), refused.getMessage(), refused.field());
  }

  /** The HTTP status that answers a refusal with this code. */
  static int status(String code) {
    return switch (code == null ? "" : code) {
      case "conflict", "conversation_closed", "tenant_limit", "own_tenant" -> 409;
      // An invitation to a visitor who left, chats already or is blocked.
      case "visitor_offline", "already_chatting", "visitor_blocked" -> 409;
      // A tenant's move: here already, rows that clash, one still in use.
      case "tenant_exists", "import_conflict", "tenant_active", "installation_in_use" -> 409;
      case "forbidden" -> 403;
      case "file_too_large" -> 413;
      case "file_type_refused" -> 415;
      default -> 400;
    };
  }
}
