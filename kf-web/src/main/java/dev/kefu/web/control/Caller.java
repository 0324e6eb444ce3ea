package dev.kefu.web.control;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.entity.Actor;
import dev.kefu.audit.entity.Source;
import dev.kefu.shared.ClientAddress;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.util.Map;

/**
 * The member of staff behind the current request. Every resource asks here before it acts, so that
 * a role is checked on the server and not only hidden in a page.
 */
@RequestScoped
public class Caller {

  @Inject SecurityContext security;
  @Inject Agents agents;
  @Inject ClientAddress clientAddress;
  @Inject HttpServletRequest request;

  private Agent agent;

  /**
   * The signed-in agent holding {@code role} or a role that includes it ({@link Role#covers}); 401
   * when nobody is signed in, 403 without it.
   */
  public Agent require(String role) {
    Principal principal = security.getCallerPrincipal();
    if (principal == null) {
      throw failure(Response.Status.UNAUTHORIZED, "unauthorized", "sign in first");
    }
    if (!has(role)) {
      throw failure(Response.Status.FORBIDDEN, "forbidden", "this needs the role " + role);
    }
    return signedIn();
  }

  /** Whether the caller holds {@code role} or a role that includes it. */
  public boolean has(String role) {
    return Role.grantedBy(role).stream().anyMatch(security::isCallerInRole);
  }

  /** The member of staff signed in, whatever their roles; 401 when nobody is. */
  public Agent signedIn() {
    Principal principal = security.getCallerPrincipal();
    if (principal == null) {
      throw failure(Response.Status.UNAUTHORIZED, "unauthorized", "sign in first");
    }
    if (agent == null) {
      agent = agents.get(principal.getName());
    }
    return agent;
  }

  /** The signed-in member of staff as the audit log records them for what they do over the API. */
  public Actor actor() {
    Agent agent = signedIn();
    return Actor.agent(
        agent.tenantId(),
        agent.id(),
        clientAddress.of(request.getRemoteAddr(), request.getHeaders(ClientAddress.FORWARDED_FOR)),
        Source.API);
  }

  public static WebApplicationException failure(
      Response.Status status, String code, String message) {
    return new WebApplicationException(
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("error", code, "message", message))
            .build());
  }
}
