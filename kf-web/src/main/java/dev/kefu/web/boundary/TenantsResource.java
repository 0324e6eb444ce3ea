package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Role;
import dev.kefu.tenant.boundary.Tenants;
import dev.kefu.tenant.entity.Tenant;
import dev.kefu.view.Wire;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
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

  /** A tenant as the operator sees it. */
  public record TenantJson(String id, String name, String createdAt) {
    static TenantJson of(Tenant tenant) {
      return new TenantJson(tenant.id(), tenant.name(), Wire.timestamp(tenant.createdAt()));
    }
  }

  /** What founding a tenant needs. */
  public record NewTenant(String name, String adminUsername) {}

  /** The first admin of a founded tenant; the password is in this answer only. */
  public record FirstAdmin(String id, String username, String password) {}

  /** A founded tenant, its first site's key and its first admin. */
  public record FoundedJson(TenantJson tenant, String siteKey, FirstAdmin admin) {}

  @Inject Caller caller;
  @Inject Tenants tenants;

  @Inject
  @ConfigProperty(name = "kf.tenancy", defaultValue = "single")
  String tenancy;

  @GET
  public List<TenantJson> list() {
    requireOperator();
    return tenants.all().stream().map(TenantJson::of).toList();
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
        tenants.found(caller.actor(), request.name(), request.adminUsername());
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
