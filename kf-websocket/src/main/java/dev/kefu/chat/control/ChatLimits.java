package dev.kefu.chat.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The protocol's limits, each configurable; the defaults are those of the protocol. */
@ApplicationScoped
public class ChatLimits {

  @Inject
  @ConfigProperty(name = "kf.ws.max-frame-bytes", defaultValue = "16384")
  int maxFrameBytes;

  @Inject
  @ConfigProperty(name = "kf.ws.rate.frames", defaultValue = "20")
  int rateFrames;

  @Inject
  @ConfigProperty(name = "kf.ws.rate.window-seconds", defaultValue = "10")
  int rateWindowSeconds;

  @Inject
  @ConfigProperty(name = "kf.ws.rate.strikes", defaultValue = "3")
  int rateStrikes;

  @Inject
  @ConfigProperty(name = "kf.ws.max-connections-per-ip", defaultValue = "20")
  int maxConnectionsPerIp;

  @Inject
  @ConfigProperty(name = "kf.ws.idle-timeout-seconds", defaultValue = "120")
  int idleTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "kf.ws.max-queued-bytes", defaultValue = "2097152")
  long maxQueuedBytes;

  @Inject
  @ConfigProperty(name = "kf.ws.max-queued-bytes-per-visitor", defaultValue = "4194304")
  long maxQueuedBytesPerVisitor;

  @Inject
  @ConfigProperty(name = "kf.ws.send-timeout-seconds", defaultValue = "30")
  int sendTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "kf.ws.max-resume-conversations", defaultValue = "100")
  int maxResumeConversations;

  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * Whether a received text frame is over the frame limit in UTF-8 bytes. The container enforces
   * its buffer size only on frames that arrive in fragments, so every frame is measured here too.
   */
  public boolean overFrameLimit(String text) {
    return overLimit(text, maxFrameBytes);
  }

  static boolean overLimit(String text, int maxBytes) {
    if (text.length() > maxBytes) {
      return true;
    }
    if (text.length() * 3L <= maxBytes) {
      return false; // no UTF-16 char takes more than 3 bytes in UTF-8
    }
    return text.getBytes(StandardCharsets.UTF_8).length > maxBytes;
  }

  public RateLimit newRateLimit() {
    return new RateLimit(rateFrames, rateWindowSeconds * 1_000_000_000L, System::nanoTime);
  }

  /** What may wait for a socket and for a visitor's sockets, and how long a write may take. */
  public Connection.Outbound outbound() {
    return new Connection.Outbound(
        maxQueuedBytes, maxQueuedBytesPerVisitor, sendTimeoutSeconds * 1000L);
  }

  /** How many conversations an agent's {@code hello} may ask to resume. */
  public int maxResumeConversations() {
    return maxResumeConversations;
  }

  public int rateStrikes() {
    return rateStrikes;
  }

  public int maxConnectionsPerIp() {
    return maxConnectionsPerIp;
  }

  public long idleTimeoutMillis() {
    return idleTimeoutSeconds * 1000L;
  }
}
