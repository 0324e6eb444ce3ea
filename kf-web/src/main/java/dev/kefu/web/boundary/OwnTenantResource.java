package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.entity.Actor;
import dev.kefu.portability.boundary.TenantMoves;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's own tenant as a whole, for its admins: its export, to take it to another
 * installation (a private one to the SaaS, say), and, in a new private installation, the import
 * that takes a tenant in place of the empty one of the first start (docs/operations.md, "Moving a
 * tenant").
 */
@Path("tenant")
@Tag(name = ApiDocs.TAG_OPERATION)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OwnTenantResource {

  @Inject Caller caller;
  @Inject TenantMoves moves;

  @Inject
  @ConfigProperty(name = "kf.tenancy", defaultValue = "single")
  String tenancy;

  @GET
  @Path("export")
  @Produces("application/zip")
  @Operation(
      summary = "Export the caller's tenant",
      description =
          "Roles: kf-admin. The admin's own tenant, as the platform operator's export of it: a"
              + " ZIP streamed, with every row and file (encrypted values in clear). Audited as"
              + " tenant.export.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The export (application/zip).")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Response export() {
    Agent admin = caller.require(Role.ADMIN);
    Actor by = caller.actor();
    String tenantId = admin.tenantId();
    return TenantsResource.exportOf(moves, by, tenantId);
  }

  @POST
  @Path("import")
  @Operation(
      summary = "Import a tenant into a new private installation",
      description =
          "Roles: kf-admin. A single-tenant installation only (kf.tenancy=single); in a"
              + " multi-tenant one it does not exist (404), the operator imports there. The body"
              + " is an export (application/zip); its tenant takes the place of the empty one of"
              + " the first start, whose accounts go with it: staff then sign in with the"
              + " export's. 409 installation_in_use once the installation has had a visitor;"
              + " 400 import_invalid; 409 import_conflict. Audited as tenant.import.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(
      responseCode = "201",
      description = "{\"tenantId\",\"rows\":{\"<table>\":n},\"files\"}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  public Response importTenant(InputStream body) {
    if ("multi".equals(tenancy)) {
      throw Caller.failure(Response.Status.NOT_FOUND, "not_found", "no such resource");
    }
    caller.require(Role.ADMIN);
    TenantMoves.Counts counts = moves.replaceFreshTenant(caller.actor(), body);
    return Response.status(Response.Status.CREATED).entity(counts).build();
  }
}
