package dev.kefu.web.control.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens already checked, until they expire, so that a script calling the API many times
 * with one token costs one signature check, one account update and one audit entry, not one per
 * request. Tokens are kept only as their SHA-256. Refused tokens are audited at most once a minute
 * per address and reason, so that a client retrying a bad token cannot fill the audit log.
 */
@ApplicationScoped
public class BearerCallers {

  private static final int MAX_KNOWN = 10_000;
  private static final Duration AUDIT_GAP = Duration.ofMinutes(1);

  /** The account a checked token stands for. */
  public record Known(String agentId, Set<String> roles, Instant expires) {}

  private final Map<String, Known> known = lru();
  private final Map<String, Instant> refusals = lru();

  public synchronized Optional<Known> known(String token) {
    String key = hash(token);
    Known found = known.get(key);
    if (found != null && Instant.now().isAfter(found.expires())) {
      known.remove(key);
      return Optional.empty();
    }
    return Optional.ofNullable(found);
  }

  public synchronized Known remember(
      String token, String agentId, Set<String> roles, Instant expires) {
    Known entry = new Known(agentId, Set.copyOf(roles), expires);
    known.put(hash(token), entry);
    return entry;
  }

  /** Whether a refusal for this address and reason should be written to the audit log now. */
  public synchronized boolean shouldAudit(String ip, String reason) {
    Instant now = Instant.now();
    Instant last = refusals.get(ip + " " + reason);
    if (last != null && now.isBefore(last.plus(AUDIT_GAP))) {
      return false;
    }
    refusals.put(ip + " " + reason, now);
    return true;
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_KNOWN;
      }
    };
  }

  private static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
