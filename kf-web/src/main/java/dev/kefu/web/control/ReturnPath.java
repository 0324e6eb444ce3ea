package dev.kefu.web.control;

/**
 * Where the browser goes after signing in: a path of this application, never another site and never
 * anything that could break out of the {@code Location} header. The sign-in page holds its {@code
 * next} parameter to the same rule ({@code destination} in {@code signin.js}).
 */
public final class ReturnPath {

  static final int MAX_LENGTH = 2000;

  private ReturnPath() {}

  /**
   * {@code next} when it is a path under {@code contextPath}: no {@code //host} or {@code \host}
   * form, no control character (a CR or LF would end the header), shorter than {@value
   * #MAX_LENGTH}; otherwise {@code fallback}.
   */
  public static String within(String contextPath, String next, String fallback) {
    if (next != null
        && next.length() < MAX_LENGTH
        && next.startsWith(contextPath + "/")
        && !next.startsWith("//")
        && !next.contains("\\")
        && next.chars().noneMatch(ReturnPath::isControl)) {
      return next;
    }
    return fallback;
  }

  private static boolean isControl(int c) {
    return c < 0x20 || c == 0x7f;
  }
}
