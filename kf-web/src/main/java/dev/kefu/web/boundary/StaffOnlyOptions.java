package dev.kefu.web.boundary;

import dev.kefu.web.control.ErrorAnswer;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * {@code OPTIONS} on the REST API tells nothing to the anonymous: they get 401, as for any address
 * that needs a sign-in, whether the address exists or not. Signed-in staff get the {@code Allow}
 * header. The widget's cross-origin preflights never reach here: {@link VisitorFilesCors} answers
 * those for the site's own origins, and any other origin is to be refused anyway.
 */
@Provider
@PreMatching
public class StaffOnlyOptions implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    if (HttpMethod.OPTIONS.equals(request.getMethod())
        && request.getSecurityContext().getUserPrincipal() == null) {
      request.abortWith(ErrorAnswer.of(401, "unauthorized", "sign in first"));
    }
  }
}
