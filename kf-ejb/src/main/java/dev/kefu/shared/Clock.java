package dev.kefu.shared;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The application's notion of now, at the microsecond precision the database keeps. */
@ApplicationScoped
public class Clock {

  public Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
