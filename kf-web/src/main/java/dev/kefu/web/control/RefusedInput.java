package dev.kefu.web.control;

/**
 * A request whose parameters or body Kefu cannot take: malformed or wrongly shaped JSON, text that
 * is not valid, an unsupported charset. Answered 400 {@code bad_request} with the message, which
 * names the field where there is one and never echoes what was sent.
 */
public class RefusedInput extends RuntimeException {

  public RefusedInput(String message) {
    // No stack trace: this is the client's mistake, never logged with one.
    super(message, null, false, false);
  }
}
