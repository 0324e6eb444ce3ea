package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A WebSocket client on a bare TCP socket with a small receive buffer, which reads nothing until
 * told to: a browser tab that stopped reading, whose unread frames pile up in the network and then
 * in the server. (The JDK's client keeps reading into its own buffers whatever the demand.)
 */
final class RawSocket implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final java.net.Socket tcp;
  private final DataInputStream in;
  private final OutputStream out;

  /** The connection ended without a close frame: the server dropped it. */
  static final int DROPPED = -1;

  /**
   * What was read once reading started: text frames, and the close code ({@link #DROPPED} when the
   * connection ended without one).
   */
  record Read(List<String> texts, int closeCode) {}

  private RawSocket(java.net.Socket tcp) throws IOException {
    this.tcp = tcp;
    this.in = new DataInputStream(tcp.getInputStream());
    this.out = tcp.getOutputStream();
  }

  static RawSocket open(URI uri, String origin) throws IOException {
    return open(uri, origin, null, List.of());
  }

  /**
   * A socket from {@code localAddress} (a loopback address such as 127.0.0.2, or null for any),
   * with extra handshake header lines ({@code "X-Forwarded-For: 203.0.113.7"}): a client behind a
   * reverse proxy, as the proxy connects.
   */
  static RawSocket open(URI uri, String origin, String localAddress, List<String> headers)
      throws IOException {
    java.net.Socket tcp = new java.net.Socket();
    tcp.setReceiveBufferSize(4096);
    if (localAddress != null) {
      tcp.bind(new InetSocketAddress(localAddress, 0));
    }
    tcp.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
    RawSocket socket = new RawSocket(tcp);
    String key = Base64.getEncoder().encodeToString(RANDOM.generateSeed(16));
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    socket.out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + uri.getHost()
                + ":"
                + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + key
                + "\r\nSec-WebSocket-Version: 13\r\nOrigin: "
                + origin
                + "\r\n"
                + headers.stream().map(h -> h + "\r\n").reduce("", String::concat)
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    String status = socket.headerLines().get(0);
    assertThat(status).as("handshake").contains(" 101 ");
    return socket;
  }

  private List<String> headerLines() throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the handshake");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
      previous = b;
    }
  }

  /** Sends one masked text frame, as a client must. */
  void send(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /**
   * Reads frames until the server closes the socket or the connection ends; fails when nothing
   * arrives for a minute (the server neither sends nor closes).
   */
  Read readToTheEnd() throws IOException {
    tcp.setSoTimeout(60_000);
    List<String> texts = new ArrayList<>();
    while (true) {
      int first;
      try {
        first = in.read();
      } catch (java.net.SocketTimeoutException silent) {
        throw new AssertionError("the server neither sent nor closed for a minute", silent);
      } catch (IOException reset) {
        return new Read(texts, DROPPED);
      }
      if (first < 0) {
        return new Read(texts, DROPPED);
      }
      int second = in.readUnsignedByte();
      long length = second & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      int opcode = first & 0x0f;
      if (opcode == 0x8) {
        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        return new Read(texts, code);
      }
      if (opcode == 0x1) {
        texts.add(new String(payload, StandardCharsets.UTF_8));
      }
    }
  }

  /** The next text frame, or null when the server closed the socket (or dropped it) first. */
  String nextText() throws IOException {
    tcp.setSoTimeout(20_000);
    while (true) {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      int second = in.readUnsignedByte();
      long length = second & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      int opcode = first & 0x0f;
      if (opcode == 0x8) {
        return null;
      }
      if (opcode == 0x1) {
        return new String(payload, StandardCharsets.UTF_8);
      }
    }
  }

  @Override
  public void close() throws IOException {
    tcp.close();
  }
}
