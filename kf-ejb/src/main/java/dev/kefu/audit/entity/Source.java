package dev.kefu.audit.entity;

import java.util.Locale;

/**
 * The way in through which something was done: {@code local} (the sign-in page or a JSON/form
 * sign-in with a local account), {@code oidc} (the corporate identity provider), {@code api} (a
 * call to the REST API, including HTTP Basic), {@code console} (a page of the admin console),
 * {@code system} (Kefu itself, such as the daily retention job), {@code websocket} (the visitor's
 * or the agent's socket, from its handshake on).
 */
public enum Source {
  LOCAL,
  OIDC,
  API,
  CONSOLE,
  SYSTEM,
  WEBSOCKET;

  /** The spelling in the table and the export. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
