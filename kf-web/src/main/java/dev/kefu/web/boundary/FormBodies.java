package dev.kefu.web.boundary;

import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/**
 * A resource method that takes form fields is reached only with a form body: a request that names
 * no media type or a wildcard one (the runtime would pick such a method for it, then fail reading
 * its fields) or another one is 415, as any body of a type the address does not take.
 */
@Provider
public class FormBodies implements ContainerRequestFilter {

  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    Method method = resource.getResourceMethod();
    if (method != null && takesFormFields(method) && !isForm(request.getMediaType())) {
      throw new NotSupportedException();
    }
  }

  /** A form body says so: a wildcard ({@code *}{@code /*}, {@code application/*}) is not enough. */
  static boolean isForm(MediaType type) {
    return type != null
        && !type.isWildcardType()
        && !type.isWildcardSubtype()
        && MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type);
  }

  private static boolean takesFormFields(Method method) {
    for (Annotation[] parameter : method.getParameterAnnotations()) {
      for (Annotation annotation : parameter) {
        if (annotation instanceof FormParam) {
          return true;
        }
      }
    }
    return false;
  }
}
