package dev.kefu.web.control;

import java.io.IOException;

/**
 * A request body that passed its limit while it was read. Thrown by {@link BoundedInput} in place
 * of the byte that would pass it, so nothing beyond the limit is ever read; answered 413 {@code
 * payload_too_large}.
 */
public class BodyTooLarge extends IOException {

  private final long limit;

  public BodyTooLarge(long limit) {
    super("the request body is larger than " + limit + " bytes");
    this.limit = limit;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    // The client's doing, never logged with a stack trace.
    return this;
  }

  public long limit() {
    return limit;
  }

  /** This refusal, where it is the failure or among its causes; null otherwise. */
  public static BodyTooLarge in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLarge tooLarge) {
        return tooLarge;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
