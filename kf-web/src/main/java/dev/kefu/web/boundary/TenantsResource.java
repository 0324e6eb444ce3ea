package dev.kefu.web.boundary;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Role;
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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tenants of a multi-tenant installation ({@code kf.tenancy=multi}), for its platform operator
 * (role {@code kf-platform}). A single-tenant installation has no such thing: there every call
 * answers 404, whoever makes it.
 */
@Path("tenants")
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

  @Inject
  @ConfigProperty(name = "kf.tenancy", defaultValue = "single")
  String tenancy;

  @GET
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
  public TenantJson suspend(@PathParam("id") String tenantId) {
    requireOperator();
    return TenantJson.of(tenants.suspend(caller.actor(), tenantId));
  }

  /** Resumes a suspended tenant. */
  @DELETE
  @Path("{id}/suspension")
  public TenantJson resume(@PathParam("id") String tenantId) {
    requireOperator();
    return TenantJson.of(tenants.resume(caller.actor(), tenantId));
  }

  /** Replaces the tenant's limits on agents and sites; {@code null} for no limit. */
  @PUT
  @Path("{id}/limits")
  @Consumes(MediaType.APPLICATION_JSON)
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

  /** 404 in a single-tenant installation, then the usual 401 / 403 without {@code kf-platform}. */
  private void requireOperator() {
    if (!"multi".equals(tenancy)) {
      throw Caller.failure(Response.Status.NOT_FOUND, "not_found", "no such resource");
    }
    caller.require(Role.PLATFORM);
  }
}
