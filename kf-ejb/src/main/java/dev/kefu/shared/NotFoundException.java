package dev.kefu.shared;

import jakarta.ejb.ApplicationException;

/** The object does not exist for the caller: also what a caller sees for an object not theirs. */
@ApplicationException(rollback = true)
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
