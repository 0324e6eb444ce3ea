package dev.kefu.web.control;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * A sign-in starts on a session of its own: whoever was signed in on the old one is signed out and
 * the old session dropped, so a sign-in over a live session (another user, or the same one again)
 * gets the new identity and a new session id, never the old one's.
 */
public final class FreshSession {

  private FreshSession() {}

  public static HttpSession start(HttpServletRequest request) {
    HttpSession previous = request.getSession(false);
    if (previous != null) {
      try {
        request.logout();
      } catch (ServletException e) {
        // The session is dropped anyway.
      }
      previous.invalidate();
    }
    return request.getSession(true);
  }
}
