package dev.kefu.web.boundary;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Answers once the application is deployed: what start scripts wait for. */
@Path("status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

  @GET
  public Map<String, String> status() {
    return Map.of("status", "up");
  }
}
