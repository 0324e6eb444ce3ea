package dev.kefu.web.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API, version 1, under {@code /api/v1}. It is described by the documentation
 * (docs/protocol.md, docs/api.md) and by the OpenAPI document the server serves at {@code
 * /openapi}, made from these annotations and those of the resources; not by a WADL that any
 * anonymous {@code OPTIONS} would get.
 */
@ApplicationPath("api/v1")
@OpenAPIDefinition(
    info = @Info(title = "Kefu REST API", version = "1", description = KefuApi.DESCRIPTION),
    components =
        @Components(
            responses = {
              @APIResponse(
                  name = ApiDocs.BAD_REQUEST,
                  description =
                      "bad_request: the body, a parameter or a header cannot be taken (the message"
                          + " says why, field names the field), or a code of the operation's own.",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.UNAUTHORIZED,
                  description = "unauthorized: nobody is signed in.",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.FORBIDDEN,
                  description =
                      "forbidden: the caller lacks the role; cross_site: a change made with the"
                          + " session cookie from another site's page.",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.NOT_FOUND,
                  description =
                      "not_found: no such object for this caller; one of another department or"
                          + " tenant answers exactly so.",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.CONFLICT,
                  description = "conflict: the change clashes with what is stored.",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.TOO_LARGE,
                  description =
                      "payload_too_large: the body is over its limit (256 KiB; 8 KiB for the"
                          + " sign-in).",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.UNSUPPORTED,
                  description =
                      "unsupported_media_type: a body of a type this operation does not take;"
                          + " file_type_refused: a file of a type not on the list.",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.TOO_MANY,
                  description =
                      "too_many_requests: one of the caller's is under way; ask again after"
                          + " Retry-After seconds.",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.MAIL_FAILED,
                  description = "mail_failed: the SMTP server did not take the mail.",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.BUSY,
                  description =
                      "busy: the node serves as many of these as it may; ask again after"
                          + " Retry-After seconds.",
                  content =
                      @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR)))
            },
            securitySchemes = {
              @SecurityScheme(
                  securitySchemeName = "session",
                  type = SecuritySchemeType.APIKEY,
                  in = SecuritySchemeIn.COOKIE,
                  apiKeyName = "KFSESSION",
                  description =
                      "The consoles' session, opened by POST /auth/login or the identity"
                          + " provider's sign-in. A POST, PUT or DELETE with it must come from"
                          + " Kefu's own pages: an Origin of this server, or the header"
                          + " X-Kefu-CSRF: 1; otherwise 403 cross_site."),
              @SecurityScheme(
                  securitySchemeName = "basic",
                  type = SecuritySchemeType.HTTP,
                  scheme = "basic",
                  description =
                      "A local account's user name and password (kf.auth.mode=local). Locked out"
                          + " like the sign-in page after repeated failures; opens no session."),
              @SecurityScheme(
                  securitySchemeName = "bearer",
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  bearerFormat = "JWT",
                  description =
                      "An access token of the identity provider (Keycloak) whose realm roles"
                          + " include Kefu's (kf.auth.mode=oidc); opens no session."),
              @SecurityScheme(
                  securitySchemeName = "visitor",
                  type = SecuritySchemeType.APIKEY,
                  in = SecuritySchemeIn.HEADER,
                  apiKeyName = "X-Kefu-Visitor",
                  description =
                      "A visitor's token, issued by the visitor socket, with the site's key in"
                          + " ?site=. Only the widget's calls take it; it is no credential for"
                          + " staff.")
            }))
public class KefuApi extends Application {

  static final String DESCRIPTION =
      "The REST API of Kefu, a live-chat customer-service system: what the agent console, the"
          + " admin console and the chat widget call, for integrations of your own. The first"
          + " sentence of each operation's description names the roles that may call it (and the"
          + " extension x-kefu-roles lists them): kf-agent, kf-supervisor and kf-admin, each of"
          + " which includes the one before; kf-platform, the operator of a multi-tenant"
          + " installation; visitor, a visitor of a site with their token; anonymous, anyone."
          + " Staff reach their own tenant's objects only: one of another tenant, or one the"
          + " caller may not see, answers 404 exactly as one that does not exist. Every refusal"
          + " is JSON in the shape of the schema Error, {\"error\":\"<code>\",\"message\":\"…\"};"
          + " besides those listed for each operation, any call may answer 405"
          + " method_not_allowed, 406 not_acceptable, 415 unsupported_media_type, and 500"
          + " unavailable for a fault of the server.";

  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
