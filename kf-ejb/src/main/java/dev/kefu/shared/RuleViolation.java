package dev.kefu.shared;

import jakarta.ejb.ApplicationException;

/**
 * A request that the business refuses, with a stable machine-readable code (as sent in protocol
 * {@code error} frames) and a message for people.
 */
@ApplicationException(rollback = true)
public class RuleViolation extends RuntimeException {

  private final String code;

  public RuleViolation(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
