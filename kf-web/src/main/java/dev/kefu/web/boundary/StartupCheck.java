package dev.kefu.web.boundary;

import dev.kefu.setup.boundary.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Kefu's part of {@code /health/started}: up once the application is deployed and the database
 * schema is the one this version needs (its migrations ran). An orchestrator waits for it before it
 * asks liveness, so that a long first migration is not taken for a hung node.
 */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    return SchemaMigration.isCurrent()
        ? HealthCheckResponse.named("kefu-started").up().build()
        : HealthCheckResponse.named("kefu-started")
            .down()
            .withData("reason", "the database schema is being migrated")
            .build();
  }
}
