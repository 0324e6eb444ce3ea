package dev.kefu.shared;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address a request came from. That is the connection's peer, unless the peer is a reverse
 * proxy listed in {@code kf.http.trusted-proxies} (addresses or CIDR ranges, comma-separated; none
 * by default): then {@code X-Forwarded-For} is read from the right, skipping the trusted proxies,
 * and the first address no trusted proxy vouches for is the client. Without that setting the header
 * is ignored, because any client can send it.
 */
@ApplicationScoped
public class ClientAddress {

  /** The header that reverse proxies add the address they saw to. */
  public static final String FORWARDED_FOR = "X-Forwarded-For";

  /** The header with which a reverse proxy tells the scheme the browser used. */
  public static final String FORWARDED_PROTO = "X-Forwarded-Proto";

  /** The longest textual IP address (IPv6 with an embedded IPv4 address). */
  public static final int MAX_LENGTH = 45;

  // Only text made of these characters, and IPv4 only as four numbers up to 255, is handed to
  // InetAddress: anything else it would look up in the DNS as a host name.
  private static final Pattern IP_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  @Inject
  @ConfigProperty(name = "kf.http.trusted-proxies")
  Optional<String> trustedProxies;

  private List<Range> trusted = List.of();

  @PostConstruct
  void configure() {
    trusted = ranges(trustedProxies.orElse(""));
  }

  /**
   * The client's address for a request from {@code peer} carrying these {@code X-Forwarded-For}
   * headers (in the order received; empty when there are none).
   */
  public String of(String peer, List<String> forwardedFor) {
    return resolve(peer, forwardedFor, trusted);
  }

  /** The same, with the headers as a servlet request lists them ({@code null} for none). */
  public String of(String peer, Enumeration<String> forwardedFor) {
    return of(peer, forwardedFor == null ? List.of() : Collections.list(forwardedFor));
  }

  /**
   * Whether {@code peer} is one of the reverse proxies of {@code kf.http.trusted-proxies}, whose
   * forwarded headers (the client's address, {@code X-Forwarded-Proto}) may be believed.
   */
  public boolean trusts(String peer) {
    Optional<byte[]> address = literal(peer);
    return address.isPresent() && trustedAddress(address.get(), trusted);
  }

  /**
   * Whether a request reached Kefu over TLS: its own connection was ({@code secure}), or a trusted
   * reverse proxy that ended TLS says so ({@code X-Forwarded-Proto: https}). From anyone else the
   * header means nothing, since any client can send it.
   */
  public boolean overTls(boolean secure, String forwardedProto, String peer) {
    if (secure) {
      return true;
    }
    return forwardedProto != null
        && "https".equalsIgnoreCase(forwardedProto.split(",")[0].trim())
        && trusts(peer);
  }

  static String resolve(String peer, List<String> forwardedFor, List<Range> trusted) {
    Optional<byte[]> peerAddress = literal(peer);
    if (peerAddress.isEmpty() || !trustedAddress(peerAddress.get(), trusted)) {
      return clip(peer);
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = unbracket(hops.get(i));
      Optional<byte[]> address = literal(hop);
      if (address.isEmpty()) {
        // Garbage in the header: keep the last address a trusted proxy vouched for.
        return clip(client);
      }
      client = hop;
      if (!trustedAddress(address.get(), trusted)) {
        return clip(client);
      }
    }
    return clip(client);
  }

  /** The ranges of a {@code kf.http.trusted-proxies} value; a malformed entry is refused. */
  static List<Range> ranges(String setting) {
    List<Range> result = new ArrayList<>();
    if (setting == null) {
      return result;
    }
    for (String entry : setting.split("[,\\s]+")) {
      if (!entry.isBlank()) {
        result.add(Range.parse(entry.trim()));
      }
    }
    return List.copyOf(result);
  }

  private static boolean trustedAddress(byte[] address, List<Range> trusted) {
    return trusted.stream().anyMatch(range -> range.contains(address));
  }

  private static String unbracket(String hop) {
    return hop.startsWith("[") && hop.endsWith("]") ? hop.substring(1, hop.length() - 1) : hop;
  }

  static Optional<byte[]> literal(String text) {
    if (text == null || !IP_CHARACTERS.matcher(text).matches()) {
      return Optional.empty();
    }
    if (text.indexOf(':') < 0 && !IPV4.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text).getAddress());
    } catch (UnknownHostException | SecurityException notAnAddress) {
      return Optional.empty();
    }
  }

  private static String clip(String address) {
    if (address == null) {
      return null;
    }
    return address.length() > MAX_LENGTH ? address.substring(0, MAX_LENGTH) : address;
  }

  /** An address range, {@code 10.0.0.0/8}, or a single address. */
  record Range(byte[] network, int prefix) {

    static Range parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] network =
          literal(address)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "kf.http.trusted-proxies: not an IP address or CIDR range: " + entry));
      int bits = network.length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "kf.http.trusted-proxies: not an IP address or CIDR range: " + entry);
      }
      return new Range(network, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }
}
