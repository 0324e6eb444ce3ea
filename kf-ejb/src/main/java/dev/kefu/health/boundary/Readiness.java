package dev.kefu.health.boundary;

import dev.kefu.health.control.DatabaseProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Whether this node can serve visitors and agents now: it is not fatally broken ({@link
 * NodeHealth}), not shutting down, and its database answers. What the readiness check, {@code
 * /api/v1/status} and start scripts rely on.
 */
@ApplicationScoped
public class Readiness {

  @Inject NodeHealth node;
  @Inject DatabaseProbe database;

  /** Empty when ready; else why not, in a few words that name nothing internal. */
  public Optional<String> problem() {
    Optional<String> fatal = node.fatalReason();
    if (fatal.isPresent()) {
      return fatal;
    }
    return node.draining() ? Optional.of("shutting down") : database.problem();
  }
}
