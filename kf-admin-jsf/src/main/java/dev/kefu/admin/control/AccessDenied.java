package dev.kefu.admin.control;

/**
 * The caller may not use the admin console: not signed in, or without the role {@code kf-admin}.
 */
public class AccessDenied extends RuntimeException {

  public AccessDenied() {
    super("the admin console needs the role kf-admin");
  }
}
