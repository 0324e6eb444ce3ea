package dev.kefu.web.boundary;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Role;
import dev.kefu.audit.entity.Actor;
import dev.kefu.portability.boundary.TenantMoves;
import dev.kefu.tenant.boundary.Tenants;
import dev.kefu.tenant.control.TenantScope;
import dev.kefu.tenant.entity.Tenant;
import dev.kefu.view.Wire;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tenants of a multi-tenant installation ({@code kf.tenancy=multi}), for its platform operator
 * (role {@code kf-platform}). A single-tenant installation has no such thing: there every call
 * answers 404, whoever makes it.
 */
@Path("tenants")
@Tag(name = ApiDocs.TAG_OPERATION)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantsResource {

  /**
   * A tenant as the operator sees it: when it was suspended ({@code null}: it is not), its limits
   * ({@code null}: none) and, in the list, its counts of agents and sites.
   */
  public record TenantJson(
      String id,
      String name,
      String createdAt,
      String suspendedAt,
      Integer maxAgents,
      Integer maxSites,
      Long agents,
      Long sites) {
    static TenantJson of(Tenant tenant) {
      return of(tenant, null, null);
    }

    static TenantJson of(Tenant tenant, Long agents, Long sites) {
      return new TenantJson(
          tenant.id(),
          tenant.name(),
          Wire.timestamp(tenant.createdAt()),
          tenant.suspendedAt().map(Wire::timestamp).orElse(null),
          tenant.maxAgents().orElse(null),
          tenant.maxSites().orElse(null),
          agents,
          sites);
    }
  }

  /** What founding a tenant needs; without a password Kefu makes one and answers it once. */
  public record NewTenant(String name, String adminUsername, String adminPassword) {}

  /** A tenant's limits; {@code null} is no limit. */
  public record Limits(Integer maxAgents, Integer maxSites) {}

  /** The first admin of a founded tenant; the password is in this answer only. */
  public record FirstAdmin(String id, String username, String password) {}

  /** A founded tenant, its first site's key and its first admin. */
  public record FoundedJson(TenantJson tenant, String siteKey, FirstAdmin admin) {}

  @Inject Caller caller;
  @Inject Tenants tenants;
  @Inject Agents agents;
  @Inject TenantMoves moves;

  @Inject
  @ConfigProperty(name = "kf.tenancy", defaultValue = "single")
  String tenancy;

  @GET
  @Operation(
      summary = "List the tenants",
      description =
          "Roles: kf-platform. A multi-tenant installation only (kf.tenancy=multi); in a "
              + "single-tenant one it does not exist, for anyone (404). Oldest first, with "
              + "their counts of agents and sites.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.PLATFORM))
  @APIResponse(responseCode = "200", description = "The tenants.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public List<TenantJson> list() {
    requireOperator();
    List<Tenant> all = tenants.all();
    List<String> ids = all.stream().map(Tenant::id).toList();
    // Counted across tenants: the operator's own request is scoped to the operator's tenant.
    Map<String, Long> agentCounts = TenantScope.acrossTenants(() -> agents.countsByTenant(ids));
    Map<String, Long> siteCounts = tenants.siteCounts(ids);
    return all.stream()
        .map(
            t ->
                TenantJson.of(
                    t, agentCounts.getOrDefault(t.id(), 0L), siteCounts.getOrDefault(t.id(), 0L)))
        .toList();
  }

  /**
   * Suspends the tenant: its staff are signed out at their next request and cannot sign in, its
   * widgets are refused politely. 409 {@code own_tenant} for the operator's own tenant.
   */
  @PUT
  @Path("{id}/suspension")
  @Operation(
      summary = "Suspend a tenant",
      description =
          "Roles: kf-platform. A multi-tenant installation only (kf.tenancy=multi); in a "
              + "single-tenant one it does not exist, for anyone (404). Its staff are signed "
              + "out and its widgets refused. 409 own_tenant for the operator's own tenant; an "
              + "unknown tenant 404.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.PLATFORM))
  @APIResponse(responseCode = "200", description = "The tenant.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  public TenantJson suspend(@PathParam("id") String tenantId) {
    requireOperator();
    return TenantJson.of(tenants.suspend(caller.actor(), tenantId));
  }

  /** Resumes a suspended tenant. */
  @DELETE
  @Path("{id}/suspension")
  @Operation(
      summary = "Resume a suspended tenant",
      description =
          "Roles: kf-platform. A multi-tenant installation only (kf.tenancy=multi); in a "
              + "single-tenant one it does not exist, for anyone (404). An unknown tenant 404.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.PLATFORM))
  @APIResponse(responseCode = "200", description = "The tenant.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public TenantJson resume(@PathParam("id") String tenantId) {
    requireOperator();
    return TenantJson.of(tenants.resume(caller.actor(), tenantId));
  }

  /** Replaces the tenant's limits on agents and sites; {@code null} for no limit. */
  @PUT
  @Path("{id}/limits")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Set a tenant's limits",
      description =
          "Roles: kf-platform. A multi-tenant installation only (kf.tenancy=multi); in a "
              + "single-tenant one it does not exist, for anyone (404). Body "
              + "{\"maxAgents\",\"maxSites\"}, each null (no limit) or 0 to 1,000,000 (400 "
              + "bad_limit otherwise); an unknown tenant 404.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.PLATFORM))
  @APIResponse(responseCode = "200", description = "The tenant.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public TenantJson limits(@PathParam("id") String tenantId, Limits request) {
    requireOperator();
    if (request == null) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "maxAgents and maxSites are required");
    }
    return TenantJson.of(
        tenants.changeLimits(caller.actor(), tenantId, request.maxAgents(), request.maxSites()));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Found a tenant",
      description =
          "Roles: kf-platform. A multi-tenant installation only (kf.tenancy=multi); in a "
              + "single-tenant one it does not exist, for anyone (404). Body "
              + "{\"name\",\"adminUsername\",\"adminPassword\"}: the tenant with a department, "
              + "a site and its first admin; without adminPassword Kefu makes one, shown in "
              + "this answer only. 409 conflict when the user name is taken in any tenant.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.PLATFORM))
  @APIResponse(
      responseCode = "201",
      description = "{\"tenant\",\"siteKey\",\"admin\":{\"id\",\"username\",\"password\"}}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response found(NewTenant request) {
    requireOperator();
    if (request == null) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "name and adminUsername are required");
    }
    Tenants.Founded founded =
        tenants.found(
            caller.actor(),
            request.name(),
            request.adminUsername(),
            request.adminPassword() == null ? null : request.adminPassword().toCharArray());
    return Response.status(Response.Status.CREATED)
        .header("Cache-Control", "no-store")
        .entity(
            new FoundedJson(
                TenantJson.of(founded.tenant()),
                founded.site().siteKey(),
                new FirstAdmin(founded.adminId(), founded.adminUsername(), founded.password())))
        .build();
  }

  /**
   * The tenant's export: a ZIP with every row of the tenant and the bytes of its files, streamed
   * (docs/operations.md, "Moving a tenant"). Audited.
   */
  @GET
  @Path("{id}/export")
  @Produces("application/zip")
  @Operation(
      summary = "Export a tenant",
      description =
          "Roles: kf-platform. A multi-tenant installation only (kf.tenancy=multi); in a "
              + "single-tenant one it does not exist, for anyone (404). A ZIP, streamed: "
              + "manifest.json, tables/NN-<table>.ndjson (every row of the tenant, encrypted "
              + "values in clear), files/<storage name>, summary.json. Suspend the tenant first "
              + "when it moves. Audited as tenant.export.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.PLATFORM))
  @APIResponse(responseCode = "200", description = "The export (application/zip).")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response export(@PathParam("id") String tenantId) {
    requireOperator();
    Actor by = caller.actor();
    tenants.get(tenantId); // 404 before the answer starts
    return exportOf(moves, by, tenantId);
  }

  /**
   * Imports a tenant from its export, all of it or nothing: 201 with the rows and files taken. 409
   * {@code tenant_exists} or {@code import_conflict}; 400 {@code import_invalid}.
   */
  @POST
  @Path("import")
  @Operation(
      summary = "Import a tenant",
      description =
          "Roles: kf-platform. A multi-tenant installation only (kf.tenancy=multi); in a "
              + "single-tenant one it does not exist, for anyone (404). The body is an export "
              + "(application/zip), read as it comes and imported in one transaction. 400 "
              + "import_invalid for what is not a complete export or comes from a newer schema; "
              + "409 tenant_exists, or import_conflict when a row clashes with this "
              + "installation's (a site key, a user name). Audited as tenant.import.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.PLATFORM))
  @APIResponse(
      responseCode = "201",
      description = "{\"tenantId\",\"rows\":{\"<table>\":n},\"files\"}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  public Response importTenant(InputStream body) {
    requireOperator();
    TenantMoves.Counts counts = moves.importTenant(caller.actor(), body);
    return Response.status(Response.Status.CREATED).entity(counts).build();
  }

  /**
   * Removes a suspended tenant with all its data (one that has moved to another installation): 200
   * with what went. 409 {@code tenant_active} unless suspended, {@code own_tenant}.
   */
  @DELETE
  @Path("{id}")
  @Operation(
      summary = "Remove a tenant with all its data",
      description =
          "Roles: kf-platform. A multi-tenant installation only (kf.tenancy=multi); in a "
              + "single-tenant one it does not exist, for anyone (404). Only a suspended tenant "
              + "(409 tenant_active otherwise), never the operator's own (409 own_tenant): every "
              + "row of it and the bytes of its files. Export it first. Audited as "
              + "tenant.delete.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.PLATFORM))
  @APIResponse(
      responseCode = "200",
      description = "{\"tenantId\",\"rows\":{\"<table>\":n},\"files\"}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  public TenantMoves.Counts delete(@PathParam("id") String tenantId) {
    requireOperator();
    return moves.delete(caller.actor(), tenantId);
  }

  /** The answer that streams a tenant's export, as a download that no cache keeps. */
  static Response exportOf(TenantMoves moves, Actor by, String tenantId) {
    StreamingOutput body = out -> moves.export(by, tenantId, out);
    return Response.ok(body, "application/zip")
        .header("Content-Disposition", "attachment; filename=\"kefu-tenant-" + tenantId + ".zip\"")
        .header("Cache-Control", "no-store")
        .build();
  }

  /** 404 in a single-tenant installation, then the usual 401 / 403 without {@code kf-platform}. */
  private void requireOperator() {
    if (!"multi".equals(tenancy)) {
      throw Caller.failure(Response.Status.NOT_FOUND, "not_found", "no such resource");
    }
    caller.require(Role.PLATFORM);
  }
}
