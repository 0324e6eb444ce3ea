package dev.kefu.chat.control;

import dev.kefu.shared.PublicId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands what the handshake gate established to the endpoint that opens right after it. The gate
 * files an admission under a random key that only it puts into the upgraded request; the endpoint
 * takes it out once. Unclaimed admissions are dropped after a minute, and the place a visitor's
 * admission took of its address's sockets ({@link Connections#reserve}) is given back.
 */
@ApplicationScoped
public class Admissions {

  /** The request parameter the gate adds to the upgraded request. */
  public static final String PARAMETER = "kf_admission";

  private static final Duration UNCLAIMED = Duration.ofMinutes(1);
  private final Map<String, Admission> open = new ConcurrentHashMap<>();

  @Inject Connections connections;

  public String file(Admission admission) {
    Instant cutoff = Instant.now().minus(UNCLAIMED);
    for (Map.Entry<String, Admission> entry : open.entrySet()) {
      if (entry.getValue().admittedAt().isBefore(cutoff) && open.remove(entry.getKey()) != null) {
        connections.closed(entry.getValue());
      }
    }
    String key = PublicId.randomToken(18);
    open.put(key, admission);
    return key;
  }

  /** The admission filed under this key, once; null for an unknown key. */
  public Admission claim(String key) {
    return key == null ? null : open.remove(key);
  }

  /** The handshake of this admission was not upgraded: its place is given back at once. */
  public void abandon(String key) {
    Admission unclaimed = claim(key);
    if (unclaimed != null) {
      connections.closed(unclaimed);
    }
  }
}
