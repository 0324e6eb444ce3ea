package dev.kefu.admin.control;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.entity.Actor;
import dev.kefu.audit.entity.Source;
import dev.kefu.shared.ClientAddress;
import dev.kefu.shared.NotFoundException;
import dev.kefu.tenant.boundary.Tenants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * The platform operator behind the current request ({@code kf-platform}), for the console's tenants
 * page. A single-tenant installation ({@code kf.tenancy=single}) has no platform operator: there
 * the page answers 404 to everyone, as the tenants API does, and its menu link is not shown.
 */
@Named
@RequestScoped
public class PlatformOperator {

  @Inject SecurityContext security;
  @Inject Agents agents;
  @Inject ClientAddress clientAddress;

  @Inject Tenants tenants;

  private Agent operator;

  /** Whether tenants exist here at all: only in a multi-tenant installation. */
  public boolean isMultiTenant() {
    return tenants.multiTenant();
  }

  /** Whether the caller is the platform operator of a multi-tenant installation. */
  public boolean isPresent() {
    return isMultiTenant()
        && security.getCallerPrincipal() != null
        && security.isCallerInRole(Role.PLATFORM);
  }

  /** The operator's own account; {@link AccessDenied} for anyone else. */
  public Agent agent() {
    if (operator == null) {
      Principal principal = security.getCallerPrincipal();
      if (!isPresent() || principal == null) {
        throw new AccessDenied();
      }
      try {
        operator = agents.get(principal.getName());
      } catch (NotFoundException removedMeanwhile) {
        throw new AccessDenied();
      }
    }
    return operator;
  }

  /** The operator as the audit log records a change made on the tenants page. */
  public Actor actor() {
    Agent agent = agent();
    HttpServletRequest request =
        (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    return Actor.agent(
        agent.tenantId(),
        agent.id(),
        clientAddress.of(request.getRemoteAddr(), request.getHeaders(ClientAddress.FORWARDED_FOR)),
        Source.CONSOLE);
  }

  /**
   * For the tenants page's view action: 404 in a single-tenant installation, 403 to anyone but the
   * platform operator.
   */
  public void enforce() throws IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    if (!isMultiTenant()) {
      faces
          .getExternalContext()
          .responseSendError(HttpServletResponse.SC_NOT_FOUND, "no such page");
      faces.responseComplete();
      return;
    }
    try {
      agent();
    } catch (AccessDenied denied) {
      faces
          .getExternalContext()
          .responseSendError(
              HttpServletResponse.SC_FORBIDDEN, "the tenants page needs kf-platform");
      faces.responseComplete();
    }
  }
}
