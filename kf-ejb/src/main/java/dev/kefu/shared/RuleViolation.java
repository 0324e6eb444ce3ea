package dev.kefu.shared;

import jakarta.ejb.ApplicationException;

/**
 * A request that the business refuses, with a stable machine-readable code (as sent in protocol
 * {@code error} frames), a message for people and, when one field of the request is to blame, its
 * name, so that a form can show the refusal beside that field.
 */
@ApplicationException(rollback = true)
public class RuleViolation extends RuntimeException {

  private final String code;
  private final String field;

  public RuleViolation(String code, String message) {
    this(code, message, null);
  }

  public RuleViolation(String code, String message, String field) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  /** The field of the request that was refused, as the request names it; null when none alone. */
  public String field() {
    return field;
  }
}
