package dev.kefu.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where browsers reach this installation, for the addresses Kefu writes into pages (the demo page's
 * widget, a site's embed code): {@code kf.http.public-url} when the operator set it; else the
 * request's own host, with {@code https} when the request came over TLS, also through a trusted
 * reverse proxy that ended it ({@link ClientAddress#overTls}). Behind such a proxy the connection
 * itself is plain HTTP, and an {@code http://} address in an {@code https://} page would load the
 * widget as mixed content and open its socket as {@code ws://}.
 */
@ApplicationScoped
public class PublicAddress {

  @Inject
  @ConfigProperty(name = "kf.http.public-url")
  Optional<String> publicUrl;

  @Inject ClientAddress clientAddress;

  /**
   * The base address, without a trailing slash: {@code https://chat.example.com} or, from the
   * request, {@code scheme://host[:port]/context}.
   *
   * @param secure whether the request's own connection is TLS
   * @param forwardedProto its {@code X-Forwarded-Proto} header, or null
   * @param peer the address the request came from
   * @param host its {@code Host} header, as the browser named the server
   * @param contextPath the application's context path ("" at the root)
   */
  public String of(
      boolean secure, String forwardedProto, String peer, String host, String contextPath) {
    Optional<String> configured = publicUrl.map(String::strip).filter(url -> !url.isEmpty());
    if (configured.isPresent()) {
      String url = configured.get();
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
    String scheme = clientAddress.overTls(secure, forwardedProto, peer) ? "https" : "http";
    return scheme + "://" + host + contextPath;
  }
}
