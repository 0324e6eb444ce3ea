package dev.kefu.web.boundary;

import dev.kefu.inbox.control.MailRelay;
import dev.kefu.web.control.ErrorAnswer;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A mail the SMTP server did not take (answering an offline message by e-mail): 502 {@code
 * mail_failed}, since the server upstream failed, not Kefu nor the caller.
 */
@Provider
public class MailFailures implements ExceptionMapper<MailRelay.MailFailed> {

  @Override
  public Response toResponse(MailRelay.MailFailed failed) {
    return ErrorAnswer.of(502, "mail_failed", failed.getMessage());
  }
}
