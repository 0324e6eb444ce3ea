package dev.kefu.web.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The REST API, version 1, under {@code /api/v1}. Its description is the documentation
 * (docs/protocol.md), not a WADL that any anonymous {@code OPTIONS} would get.
 */
@ApplicationPath("api/v1")
public class KefuApi extends Application {

  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
