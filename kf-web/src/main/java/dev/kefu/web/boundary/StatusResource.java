package dev.kefu.web.boundary;

import dev.kefu.health.boundary.Readiness;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Whether this node serves: {@code 200 {"status":"up"}} once it is deployed and ready ({@link
 * Readiness}: its database answers and it is not fatally broken), else {@code 503
 * {"status":"down","reason":"..."}}. What start scripts wait for and simple monitors poll; the same
 * verdict as {@code /health/ready}.
 */
@Path("status")
@Tag(name = ApiDocs.TAG_STATUS)
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

  private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

  @Inject Readiness readiness;

  @GET
  @Operation(
      summary = "Whether this node serves",
      description =
          "Roles: anonymous. The same verdict as /health/ready: what start scripts wait "
              + "for and simple monitors poll. Never cached.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ANONYMOUS))
  @APIResponse(responseCode = "200", description = "{\"status\":\"up\"}: the node serves.")
  @APIResponse(
      responseCode = "503",
      description = "{\"status\":\"down\",\"reason\":\"…\"}: the node does not serve now.")
  public Response status() {
    Optional<String> problem = readiness.problem();
    Response.ResponseBuilder answer =
        problem.isEmpty()
            ? Response.ok(Map.of("status", "up"))
            : Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .entity(Map.of("status", "down", "reason", problem.get()));
    return answer.cacheControl(NO_STORE).build();
  }
}
