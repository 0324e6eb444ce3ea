package dev.kefu.web.control;

import java.util.Locale;

/**
 * How many bytes a request body may have, by where it goes: the sign-in ({@code
 * kf.http.sign-in-max-bytes}) takes a user name and a password only; the rest of the REST API
 * ({@code kf.http.max-body-bytes}) takes at most a department's or a site's settings; pages outside
 * the API, the admin console's above all ({@code kf.http.console-max-bytes}), take form posts. File
 * uploads are bounded by the file store itself ({@code kf.files.max-bytes}), which answers them in
 * their own terms.
 *
 * @param api the limit of REST calls
 * @param signIn the limit of the sign-in
 * @param console the limit of everything outside the REST API
 */
public record BodyLimits(long api, long signIn, long console) {

  /** Where a body goes, which decides its limit and how it can be measured. */
  public enum Destination {
    /** A REST resource: JAX-RS reads the body through the stream the filter hands on. */
    API,
    /**
     * A file upload, which the file store counts and refuses itself, or a tenant's import (for the
     * platform operator), which is read as it comes.
     */
    FILE_UPLOAD,
    /**
     * A page (Faces, a servlet): the container may parse the body itself as form parameters, past
     * any wrapper, so only an announced length can be checked.
     */
    PAGE
  }

  public static final String SIGN_IN = "/api/v1/auth/login";
  private static final String FILES = "/api/v1/files";
  private static final String TENANT_IMPORT = "/api/v1/tenants/import";
  private static final String OWN_TENANT_IMPORT = "/api/v1/tenant/import";

  /** Where a request to {@code path} (within the application, decoded) with this body type goes. */
  public static Destination destination(String method, String path, String contentType) {
    String p = normalized(path);
    if (p.equals("/api") || p.startsWith("/api/")) {
      // A form body is parsed by the container as soon as anything asks for a parameter, so a
      // file upload is one only when it is not dressed as a form.
      // A tenant's import is as large as the tenant: its receiver reads it as it comes.
      boolean upload =
          "POST".equals(method)
              && (p.equals(FILES) || p.equals(TENANT_IMPORT) || p.equals(OWN_TENANT_IMPORT))
              && !isForm(contentType);
      return upload ? Destination.FILE_UPLOAD : Destination.API;
    }
    return Destination.PAGE;
  }

  /**
   * Whether the container may read the body itself, as form parameters, past any wrapper of its
   * stream: pages, and form posts anywhere (a filter that asks for a query parameter reads them).
   * Only an announced length can bound such a body.
   */
  public static boolean parsedByContainer(String method, String path, String contentType) {
    return destination(method, path, contentType) == Destination.PAGE || isForm(contentType);
  }

  /** The most bytes a body to {@code path} may have; -1 when the file store bounds it. */
  public long of(String method, String path, String contentType) {
    return switch (destination(method, path, contentType)) {
      case FILE_UPLOAD -> -1;
      case API -> normalized(path).equals(SIGN_IN) ? signIn : api;
      case PAGE -> console;
    };
  }

  private static boolean isForm(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
    return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
  }

  /** Without repeated or trailing slashes, as the API's paths match. */
  static String normalized(String path) {
    String p = path == null ? "" : path.replaceAll("/{2,}", "/");
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
