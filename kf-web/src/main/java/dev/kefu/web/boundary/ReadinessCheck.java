package dev.kefu.web.boundary;

import dev.kefu.health.boundary.Readiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Kefu's part of {@code /health/ready}: up while the node is not fatally broken nor shutting down,
 * its database answers and its data directory has room; its data says what each of them, Redis and
 * the mail server (which never make it down) said. A load balancer sends this node no visitors
 * while it is down.
 */
@org.eclipse.microprofile.health.Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject Readiness readiness;

  @Override
  public HealthCheckResponse call() {
    Optional<String> problem = readiness.problem();
    HealthCheckResponseBuilder answer =
        problem
            .map(
                reason -> HealthCheckResponse.named("kefu-ready").down().withData("reason", reason))
            .orElseGet(() -> HealthCheckResponse.named("kefu-ready").up());
    readiness.dependencies().forEach(answer::withData);
    return answer.build();
  }
}
