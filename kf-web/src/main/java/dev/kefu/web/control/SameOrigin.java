package dev.kefu.web.control;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a browser's {@code Origin} or {@code Referer} names this server: the same host and port
 * as the request's {@code Host} header. The scheme is not compared, because behind a reverse proxy
 * that ends TLS the server sees {@code http} while the browser's page is {@code https}; an attacker
 * who could serve pages from this very host and port over the other scheme controls the host
 * already.
 */
public final class SameOrigin {

  private SameOrigin() {}

  /**
   * Whether {@code url} (an origin or a whole address) is on {@code host} ({@code name[:port]}).
   */
  public static boolean matches(String url, String host) {
    if (url == null || host == null || host.isBlank()) {
      return false;
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException notAUrl) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      return false;
    }
    return authority(uri.getHost(), uri.getPort(), scheme).equals(hostHeader(host, scheme));
  }

  private static String hostHeader(String host, String scheme) {
    String value = host.trim().toLowerCase(Locale.ROOT);
    int colon = value.lastIndexOf(':');
    if (colon > 0 && value.indexOf(']') < colon) {
      try {
        return authority(
            value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)), scheme);
      } catch (NumberFormatException notAPort) {
        return value;
      }
    }
    return value;
  }

  private static String authority(String name, int port, String scheme) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return defaultPort ? lower : lower + ":" + port;
  }
}
