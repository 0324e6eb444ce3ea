package dev.kefu.protection.entity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A range of IPv4 or IPv6 addresses in CIDR notation ({@code 203.0.113.0/24}, {@code
 * 2001:db8::/32}), or one address (a range of one). Its text is canonical: the network with the
 * host bits cleared, and always a prefix, so that one range has one spelling whatever was typed.
 * Only address literals are read, never host names (which would be looked up in the DNS).
 */
public final class AddressRange {

  private static final Pattern IP_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  private final byte[] network;
  private final int prefix;

  private AddressRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /**
   * The range that {@code text} names; {@link IllegalArgumentException} for anything that is not an
   * IPv4 or IPv6 address with an optional {@code /prefix} in range.
   */
  public static AddressRange parse(String text) {
    String entry = text == null ? "" : text.strip();
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    byte[] bytes =
        literal(address)
            .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR range"));
    int bits = bytes.length * 8;
    int prefix;
    if (slash < 0) {
      prefix = bits;
    } else {
      String digits = entry.substring(slash + 1);
      prefix = digits.matches("\\d{1,3}") ? Integer.parseInt(digits) : -1;
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("the prefix must be 0 to " + bits);
    }
    byte[] network = bytes.clone();
    for (int i = 0; i < network.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      network[i] &= (byte) (0xFF << (8 - keep));
    }
    return new AddressRange(network, prefix);
  }

  /** Whether {@code address} (a textual IP address) lies in this range; false for anything else. */
  public boolean contains(String address) {
    return literal(address).map(this::contains).orElse(false);
  }

  /** Whether the address, as its bytes, lies in this range. */
  public boolean contains(byte[] address) {
    byte[] candidate = mapped(address);
    if (candidate.length != network.length) {
      return false;
    }
    int whole = prefix / 8;
    for (int i = 0; i < whole; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xFF << (8 - rest) & 0xFF;
    return (candidate[whole] & mask) == (network[whole] & mask);
  }

  /** The bytes of a textual IP address; empty for anything else (never a DNS lookup). */
  public static Optional<byte[]> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String candidate =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!IP_CHARACTERS.matcher(candidate).matches()) {
      return Optional.empty();
    }
    if (candidate.indexOf(':') < 0 && !IPV4.matcher(candidate).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(candidate).getAddress());
    } catch (UnknownHostException | SecurityException notAnAddress) {
      return Optional.empty();
    }
  }

  /** An IPv4 address written as IPv6 ({@code ::ffff:203.0.113.9}) counts as the IPv4 address. */
  private static byte[] mapped(byte[] address) {
    if (address.length == 16) {
      boolean v4 = true;
      for (int i = 0; i < 10 && v4; i++) {
        v4 = address[i] == 0;
      }
      if (v4 && address[10] == (byte) 0xFF && address[11] == (byte) 0xFF) {
        return new byte[] {address[12], address[13], address[14], address[15]};
      }
    }
    return address;
  }

  @Override
  public String toString() {
    return (network.length == 4 ? ipv4(network) : ipv6(network)) + "/" + prefix;
  }

  private static String ipv4(byte[] address) {
    return (address[0] & 0xFF)
        + "."
        + (address[1] & 0xFF)
        + "."
        + (address[2] & 0xFF)
        + "."
        + (address[3] & 0xFF);
  }

  /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as ::. */
  private static String ipv6(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (address[2 * i] & 0xFF) << 8 | address[2 * i + 1] & 0xFF;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AddressRange range && range.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
