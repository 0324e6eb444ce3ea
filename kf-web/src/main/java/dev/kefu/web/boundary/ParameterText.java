package dev.kefu.web.boundary;

import dev.kefu.shared.Text;
import dev.kefu.web.control.RefusedInput;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Every query and path parameter of a REST call is valid text ({@link Text#acceptable(String,
 * boolean)}), or the call is refused with 400 {@code bad_request} naming the parameter, before the
 * resource runs. Bodies are checked where they are read ({@link RequestBodies}).
 */
@Provider
public class ParameterText implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    MultivaluedMap<String, String> query;
    MultivaluedMap<String, String> path;
    try {
      query = request.getUriInfo().getQueryParameters(true);
      path = request.getUriInfo().getPathParameters(true);
    } catch (IllegalArgumentException badEscape) {
      throw new RefusedInput("the address holds a malformed %-escape");
    }
    check(query, "parameter");
    check(path, "path segment");
  }

  private static void check(Map<String, List<String>> parameters, String kind) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String problem = Text.problemIn(parameter.getKey(), true);
      if (problem != null) {
        throw new RefusedInput("a " + kind + " name " + problem);
      }
      for (String value : parameter.getValue()) {
        problem = Text.problemIn(value, true);
        if (problem != null) {
          throw new RefusedInput("the " + kind + " \"" + parameter.getKey() + "\" " + problem);
        }
      }
    }
  }
}
