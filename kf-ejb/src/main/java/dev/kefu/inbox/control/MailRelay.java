package dev.kefu.inbox.control;

import dev.kefu.shared.EmailAddress;
import jakarta.ejb.ApplicationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends e-mail through the SMTP server of the configuration ({@code kf.mail.*}). Without {@code
 * kf.mail.host} there is none, and answering by e-mail is switched off rather than failing late.
 */
@ApplicationScoped
public class MailRelay {

  @Inject
  @ConfigProperty(name = "kf.mail.host")
  Optional<String> host;

  @Inject
  @ConfigProperty(name = "kf.mail.port", defaultValue = "25")
  int port;

  @Inject
  @ConfigProperty(name = "kf.mail.from", defaultValue = "kefu@localhost")
  String from;

  @Inject
  @ConfigProperty(name = "kf.mail.username")
  Optional<String> username;

  @Inject
  @ConfigProperty(name = "kf.mail.password")
  Optional<String> password;

  @Inject
  @ConfigProperty(name = "kf.mail.starttls", defaultValue = "false")
  boolean starttls;

  @Inject
  @ConfigProperty(name = "kf.mail.ssl", defaultValue = "false")
  boolean ssl;

  @Inject
  @ConfigProperty(name = "kf.mail.timeout-seconds", defaultValue = "20")
  int timeoutSeconds;

  /**
   * Exactly one bare address, or an {@link AddressException}: whatever the caller checked before, a
   * list, a group, a display name or a line break never reaches the SMTP server. The address itself
   * is not put into the exception, which may be logged.
   */
  static InternetAddress single(String address) throws AddressException {
    if (!EmailAddress.isOne(address)) {
      throw new AddressException("not exactly one e-mail address");
    }
    String bare = address.strip();
    InternetAddress parsed = new InternetAddress(bare, true);
    if (parsed.isGroup() || parsed.getPersonal() != null || !bare.equals(parsed.getAddress())) {
      throw new AddressException("not exactly one e-mail address");
    }
    return parsed;
  }

  /** Whether an SMTP server is configured. */
  public boolean enabled() {
    return host.filter(h -> !h.isBlank()).isPresent();
  }

  /**
   * Empty when the SMTP server greets a new connection within the timeout (or none is configured);
   * else why not. Only the greeting is read: nothing is signed in to or sent.
   */
  public Optional<String> unreachable() {
    if (!enabled()) {
      return Optional.empty();
    }
    // A health check must answer soon: at most 5 s, whatever a sending may take.
    int timeout = (int) Math.min(5_000L, timeoutSeconds * 1000L);
    try (java.net.Socket socket =
        ssl ? javax.net.ssl.SSLSocketFactory.getDefault().createSocket() : new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(host.get(), port), timeout);
      socket.setSoTimeout(timeout);
      java.io.BufferedReader greeting =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
      String line = greeting.readLine();
      try {
        socket
            .getOutputStream()
            .write("QUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      } catch (java.io.IOException ignored) {
        // The greeting is what counts; the server may have closed already.
      }
      return line != null && line.startsWith("220")
          ? Optional.empty()
          : Optional.of("the mail server did not greet");
    } catch (java.io.IOException e) {
      return Optional.of("the mail server does not answer");
    }
  }

  /**
   * Sends one plain-text mail; throws {@link MailFailed} when the server cannot be reached or
   * refuses it.
   */
  public void send(String to, String replyTo, String subject, String text) {
    if (!enabled()) {
      throw new MailFailed("no SMTP server is configured (kf.mail.host)", null);
    }
    Properties props = new Properties();
    String protocol = ssl ? "smtps" : "smtp";
    props.put("mail.transport.protocol", protocol);
    props.put("mail." + protocol + ".host", host.get());
    props.put("mail." + protocol + ".port", String.valueOf(port));
    String timeout = String.valueOf(timeoutSeconds * 1000L);
    props.put("mail." + protocol + ".connectiontimeout", timeout);
    props.put("mail." + protocol + ".timeout", timeout);
    props.put("mail." + protocol + ".writetimeout", timeout);
    props.put("mail." + protocol + ".starttls.enable", String.valueOf(starttls));
    props.put("mail." + protocol + ".starttls.required", String.valueOf(starttls));
    Authenticator authenticator = null;
    if (username.filter(u -> !u.isBlank()).isPresent()) {
      props.put("mail." + protocol + ".auth", "true");
      authenticator =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(username.get(), password.orElse(""));
            }
          };
    }
    try {
      Session session = Session.getInstance(props, authenticator);
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(new InternetAddress(from));
      // One recipient each: an address list someone typed must never widen who gets the mail.
      mail.setRecipient(Message.RecipientType.TO, single(to));
      if (replyTo != null) {
        mail.setReplyTo(new InternetAddress[] {single(replyTo)});
      }
      mail.setSubject(subject, StandardCharsets.UTF_8.name());
      mail.setText(text, StandardCharsets.UTF_8.name());
      mail.setSentDate(Date.from(Instant.now()));
      Transport.send(mail);
    } catch (MessagingException e) {
      throw new MailFailed("the mail could not be sent: " + e.getMessage(), e);
    }
  }

  /** The SMTP server could not take a mail; what was to be stored with it is not. */
  @ApplicationException(rollback = true)
  public static class MailFailed extends RuntimeException {
    public MailFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
