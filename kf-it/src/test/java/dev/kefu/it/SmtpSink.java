package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small SMTP server on loopback that accepts every mail and keeps it: the real socket peer that
 * Kefu's mail goes to in tests. Speaks just enough SMTP (HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT) for a standard client.
 */
final class SmtpSink implements AutoCloseable {

  /** A mail as the sink received it: the envelope and the raw message (headers and body). */
  record Mail(String from, List<String> to, String data) {}

  private final ServerSocket server;
  private final BlockingQueue<Mail> received = new LinkedBlockingQueue<>();
  private final Thread accepter;

  SmtpSink(int port) {
    try {
      server = new ServerSocket(port, 10, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new AssertionError("the SMTP sink could not listen on port " + port, e);
    }
    accepter = new Thread(this::accept, "smtp-sink");
    accepter.setDaemon(true);
    accepter.start();
  }

  /** The sink on the port the server under test sends to ({@code kf.it.smtp.port}). */
  static SmtpSink onConfiguredPort() {
    return new SmtpSink(Integer.getInteger("kf.it.smtp.port", 25871));
  }

  /** The next mail received, within the tests' usual wait. */
  Mail next() {
    try {
      Mail mail = received.poll(20, TimeUnit.SECONDS);
      assertThat(mail).as("a mail within 20 s").isNotNull();
      return mail;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  boolean nothingReceived() {
    return received.isEmpty();
  }

  private void accept() {
    while (!server.isClosed()) {
      try (Socket client = server.accept()) {
        client.setSoTimeout(20_000);
        converse(client);
      } catch (IOException closedOrBroken) {
        // The next client, or the end.
      }
    }
  }

  private void converse(Socket client) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    OutputStream out = client.getOutputStream();
    reply(out, "220 sink.it.example ESMTP");
    String from = null;
    List<String> to = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      String command = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
      switch (command) {
        case "EHLO", "HELO" -> reply(out, "250 sink.it.example");
        case "MAIL" -> {
          from = line.substring(line.indexOf(':') + 1).trim();
          to = new ArrayList<>();
          reply(out, "250 OK");
        }
        case "RCPT" -> {
          to.add(line.substring(line.indexOf(':') + 1).trim());
          reply(out, "250 OK");
        }
        case "DATA" -> {
          reply(out, "354 end with <CRLF>.<CRLF>");
          StringBuilder data = new StringBuilder();
          String dataLine;
          while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
            data.append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine).append('\n');
          }
          received.add(new Mail(from, List.copyOf(to), data.toString()));
          reply(out, "250 OK queued");
        }
        case "QUIT" -> {
          reply(out, "221 bye");
          return;
        }
        case "RSET", "NOOP" -> reply(out, "250 OK");
        default -> reply(out, "502 not implemented");
      }
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    try {
      server.close();
      accepter.join(2000);
    } catch (IOException | InterruptedException e) {
      // Closing anyway.
    }
  }
}
