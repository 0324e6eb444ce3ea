package dev.kefu.web.boundary;

import dev.kefu.health.boundary.NodeHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Kefu's part of {@code /health/live}: down once the node is fatally broken ({@link NodeHealth}),
 * which only a restart cures. A database that does not answer is not a reason to restart; it makes
 * readiness fail instead.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

  @Inject NodeHealth node;

  @Override
  public HealthCheckResponse call() {
    return node.fatalReason()
        .map(reason -> HealthCheckResponse.named("kefu-live").down().withData("reason", reason))
        .orElseGet(() -> HealthCheckResponse.named("kefu-live").up())
        .build();
  }
}
