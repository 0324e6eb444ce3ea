package dev.kefu.admin.control;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.entity.Actor;
import dev.kefu.audit.entity.Source;
import dev.kefu.shared.ClientAddress;
import dev.kefu.shared.NotFoundException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * The administrator behind the current request. Every page and action of the console asks here
 * before it reads or changes anything, so that the role is checked by the console itself and not
 * only by the web module's security constraint, and so that the tenant an admin works on is always
 * their own.
 */
@Named
@RequestScoped
public class CurrentAdmin {

  @Inject SecurityContext security;
  @Inject Agents agents;
  @Inject ClientAddress clientAddress;

  private Agent agent;

  /** The signed-in agent, who holds {@code kf-admin}; {@link AccessDenied} otherwise. */
  public Agent agent() {
    if (agent == null) {
      Principal principal = security.getCallerPrincipal();
      if (principal == null || !security.isCallerInRole(Role.ADMIN)) {
        throw new AccessDenied();
      }
      try {
        agent = agents.get(principal.getName());
      } catch (NotFoundException removedMeanwhile) {
        throw new AccessDenied();
      }
    }
    return agent;
  }

  /** The tenant whose objects this admin may see and change. */
  public String tenantId() {
    return agent().tenantId();
  }

  /** This admin as the audit log records them for a change made in the console. */
  public Actor actor() {
    Agent admin = agent();
    HttpServletRequest request =
        (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    return Actor.agent(
        admin.tenantId(),
        admin.id(),
        clientAddress.of(request.getRemoteAddr(), request.getHeaders(ClientAddress.FORWARDED_FOR)),
        Source.CONSOLE);
  }

  /**
   * The signed-in member of staff's name for the top bar: the admin's, or on the tenants page the
   * platform operator's, who need not be an admin.
   */
  public String getDisplayName() {
    Principal principal = security.getCallerPrincipal();
    if (principal == null) {
      throw new AccessDenied();
    }
    try {
      return agent == null ? agents.get(principal.getName()).displayName() : agent.displayName();
    } catch (NotFoundException removedMeanwhile) {
      throw new AccessDenied();
    }
  }

  /** Whether the caller may use the admin's pages (for the menu; pages check for themselves). */
  public boolean isAdmin() {
    return security.getCallerPrincipal() != null && security.isCallerInRole(Role.ADMIN);
  }

  /**
   * For a page's view action: answers 403 instead of rendering the page when the caller is not an
   * admin.
   */
  public void enforce() throws IOException {
    try {
      agent();
    } catch (AccessDenied denied) {
      FacesContext faces = FacesContext.getCurrentInstance();
      ExternalContext external = faces.getExternalContext();
      external.responseSendError(HttpServletResponse.SC_FORBIDDEN, denied.getMessage());
      faces.responseComplete();
    }
  }
}
