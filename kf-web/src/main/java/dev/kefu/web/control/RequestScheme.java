package dev.kefu.web.control;

import dev.kefu.shared.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a request reached Kefu: over TLS or not, and under which host name. Behind a reverse proxy
 * that ends TLS, only a proxy of {@code kf.http.trusted-proxies} is believed when it says {@code
 * X-Forwarded-Proto: https}, the same proxies whose {@code X-Forwarded-For} names the client
 * ({@link ClientAddress}); from anyone else the header means nothing, since any client can send it.
 */
@ApplicationScoped
public class RequestScheme {

  /** The header with which a reverse proxy tells the scheme the browser used. */
  public static final String FORWARDED_PROTO = ClientAddress.FORWARDED_PROTO;

  private static final Pattern PLAIN_HOST =
      Pattern.compile("([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?");

  @Inject ClientAddress clientAddress;

  /**
   * Whether the browser reached Kefu over TLS: the connection itself, or a trusted reverse proxy
   * that ended TLS and says so.
   */
  public boolean overTls(HttpServletRequest request) {
    return clientAddress.overTls(
        request.isSecure(), request.getHeader(FORWARDED_PROTO), request.getRemoteAddr());
  }

  /**
   * The host of a {@code Host} header when it is a plain {@code host[:port]} (a name, an IPv4
   * address or a bracketed IPv6 address), without the port; empty for anything else. The header is
   * the client's: only this may go into an answer.
   */
  public static Optional<String> plainHost(String host) {
    if (host == null) {
      return Optional.empty();
    }
    var matcher = PLAIN_HOST.matcher(host);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
