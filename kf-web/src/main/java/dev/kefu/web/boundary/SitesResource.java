package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.shared.Jsonp;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.Site;
import dev.kefu.tenant.entity.WidgetSettings;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tenant's sites, as admins and integrations see them, and their widget settings. The site
 * secret is never included.
 */
@Path("sites")
@Tag(name = ApiDocs.TAG_SITES)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SitesResource {

  /**
   * A site without its secret, with its default department and widget settings ({@code widget}).
   */
  public record SiteJson(
      String id,
      String siteKey,
      String name,
      String greeting,
      List<String> allowedOrigins,
      String defaultDepartmentId,
      boolean identityRequired,
      JsonObject widget) {
    static SiteJson of(Site site) {
      return new SiteJson(
          site.id(),
          site.siteKey(),
          site.name(),
          site.greeting(),
          site.allowedOrigins(),
          site.defaultDepartmentId(),
          site.identityRequired(),
          site.widgetSettings().toJson());
    }
  }

  @Inject Caller caller;
  @Inject Sites sites;

  @GET
  @Operation(
      summary = "List the tenant's sites",
      description =
          "Roles: kf-admin. Each with its key, default department and widget settings; "
              + "never its secret.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The sites.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public List<SiteJson> list() {
    Agent admin = caller.require(Role.ADMIN);
    return sites.of(admin.tenantId()).stream().map(SiteJson::of).toList();
  }

  /**
   * Makes a site: {@code name} and {@code defaultDepartmentId} (a department of the tenant), and
   * optionally {@code greeting}, {@code allowedOrigins}, {@code identityRequired} and {@code
   * widget}. Answers 201 with the site; a name another site has is 409 {@code conflict}, other
   * invalid settings 400 with the rule they break.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Make a site",
      description =
          "Roles: kf-admin. name and defaultDepartmentId (a department of the tenant), "
              + "optionally greeting, allowedOrigins, identityRequired and widget. 409 conflict"
              + " for a name another site has, tenant_limit beyond the tenant's limit; 400 for "
              + "other invalid settings.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "201", description = "The site.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response create(String body) {
    Agent admin = caller.require(Role.ADMIN);
    JsonObject json = object(body);
    List<String> origins = new ArrayList<>();
    if (json.get("allowedOrigins") instanceof JsonArray list) {
      for (JsonValue origin : list) {
        if (!(origin instanceof JsonString text)) {
          throw Caller.failure(
              Response.Status.BAD_REQUEST, "bad_request", "allowedOrigins holds strings");
        }
        origins.add(text.getString());
      }
    }
    Site site =
        sites.create(
            caller.actor(),
            new Sites.Settings(
                string(json, "name"),
                string(json, "defaultDepartmentId"),
                string(json, "greeting"),
                origins,
                json.getBoolean("identityRequired", false),
                WidgetSettings.of(
                    json.get("widget") instanceof JsonObject widget ? widget : null)));
    return Response.status(Response.Status.CREATED).entity(SiteJson.of(site)).build();
  }

  /**
   * Deletes a site: its widget is refused from then on and it is listed no more; its conversations
   * keep their history. 409 {@code conflict} while one of its conversations is open; 204 otherwise.
   */
  @DELETE
  @Path("{id}")
  @Operation(
      summary = "Delete a site",
      description =
          "Roles: kf-admin. Its widget is refused from then on; its conversations keep "
              + "their history. 409 conflict while one of its conversations is open. Another "
              + "tenant's site does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "204", description = "Deleted.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  public Response delete(@PathParam("id") String siteId) {
    caller.require(Role.ADMIN);
    sites.delete(caller.actor(), siteId);
    return Response.noContent().build();
  }

  /**
   * Replaces the site's widget settings: the JSON of {@code widget} in {@link SiteJson}, and
   * optionally {@code greeting}. Invalid settings answer 400 with the rule they break.
   */
  @PUT
  @Path("{id}/widget")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change a site's widget settings",
      description =
          "Roles: kf-admin. The JSON of widget in the site, and optionally greeting; "
              + "invalid settings answer 400 with the rule they break. Another tenant's site "
              + "does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The site.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public SiteJson changeWidget(@PathParam("id") String siteId, String body) {
    Agent admin = caller.require(Role.ADMIN);
    sites.get(admin.tenantId(), siteId);
    JsonObject json = object(body);
    String greeting = json.get("greeting") instanceof JsonString text ? text.getString() : null;
    return SiteJson.of(
        sites.updateWidgetSettings(caller.actor(), siteId, greeting, WidgetSettings.of(json)));
  }

  private static JsonObject object(String body) {
    try (var reader = Jsonp.createReader(new StringReader(body == null ? "" : body))) {
      return reader.readObject();
    } catch (RuntimeException notJson) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "the body must be a JSON object");
    }
  }

  private static String string(JsonObject json, String name) {
    return json.get(name) instanceof JsonString text ? text.getString() : null;
  }
}
