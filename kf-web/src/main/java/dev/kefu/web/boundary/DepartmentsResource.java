package dev.kefu.web.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.routing.boundary.Routing;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.entity.BusinessHours;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.RoutingStrategy;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tenant's departments: their members, routing strategy, timeouts and business hours. Admins
 * change them; supervisors read them. Another tenant's department answers as one that does not
 * exist.
 */
@Path("departments")
@Tag(name = ApiDocs.TAG_ROUTING)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DepartmentsResource {

  /**
   * A department as the API shows it. {@code hours} maps {@code mon}…{@code sun} to spans such as
   * {@code 09:00-18:00}; null means open around the clock. A null timeout is the installation's
   * default. {@code online}: within its hours with an available agent now.
   */
  public record DepartmentJson(
      String id,
      String name,
      String strategy,
      Integer offerSeconds,
      Integer agentGraceSeconds,
      Integer visitorGoneSeconds,
      String timeZone,
      Map<String, List<String>> hours,
      List<String> holidays,
      List<String> members,
      boolean online) {}

  /** What an admin sends to create or change a department; see {@link DepartmentJson}. */
  public record DepartmentInput(
      String name,
      String strategy,
      Integer offerSeconds,
      Integer agentGraceSeconds,
      Integer visitorGoneSeconds,
      String timeZone,
      Map<String, List<String>> hours,
      List<String> holidays) {}

  /** The members a department is to have, exactly. */
  public record MembersInput(List<String> agentIds) {}

  @Inject Caller caller;
  @Inject Departments departments;
  @Inject Memberships memberships;
  @Inject Routing routing;

  @GET
  @Operation(
      summary = "List the tenant's departments",
      description = "Roles: kf-supervisor, kf-admin.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.MANAGERS))
  @APIResponse(responseCode = "200", description = "The departments.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public List<DepartmentJson> list() {
    Agent reader = caller.require(Role.SUPERVISOR);
    return departments.of(reader.tenantId()).stream().map(this::json).toList();
  }

  @GET
  @Path("{departmentId}")
  @Operation(
      summary = "Read a department",
      description = "Roles: kf-supervisor, kf-admin. Another tenant's does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.MANAGERS))
  @APIResponse(responseCode = "200", description = "The department.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public DepartmentJson get(@PathParam("departmentId") String departmentId) {
    Agent reader = caller.require(Role.SUPERVISOR);
    return json(departments.get(reader.tenantId(), departmentId));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Make a department",
      description =
          "Roles: kf-admin. Its name, routing strategy (least_busy or round_robin), "
              + "timeouts, time zone, hours and holidays; 400 for invalid ones.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "201", description = "The department.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response create(DepartmentInput input) {
    caller.require(Role.ADMIN);
    Department created = departments.create(caller.actor(), settings(input));
    return Response.status(Response.Status.CREATED).entity(json(created)).build();
  }

  @PUT
  @Path("{departmentId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change a department",
      description =
          "Roles: kf-admin. Replaces its settings, as when made. Another tenant's does "
              + "not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The department.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public DepartmentJson change(
      @PathParam("departmentId") String departmentId, DepartmentInput input) {
    caller.require(Role.ADMIN);
    return json(departments.change(caller.actor(), departmentId, settings(input)));
  }

  @DELETE
  @Path("{departmentId}")
  @Operation(
      summary = "Delete a department",
      description =
          "Roles: kf-admin. 409 conflict while a site, a rule or a conversation refers to"
              + " it. Another tenant's does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "204", description = "Deleted.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
  public Response remove(@PathParam("departmentId") String departmentId) {
    caller.require(Role.ADMIN);
    departments.remove(caller.actor(), departmentId);
    return Response.noContent().build();
  }

  @PUT
  @Path("{departmentId}/members")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Set a department's members",
      description =
          "Roles: kf-admin. Body {\"agentIds\":[…]}: exactly these agents of the tenant "
              + "become its members.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The department.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public DepartmentJson changeMembers(
      @PathParam("departmentId") String departmentId, MembersInput input) {
    Agent admin = caller.require(Role.ADMIN);
    memberships.change(caller.actor(), departmentId, input == null ? null : input.agentIds());
    return json(departments.get(admin.tenantId(), departmentId));
  }

  private DepartmentJson json(Department department) {
    BusinessHours hours = department.businessHours();
    return new DepartmentJson(
        department.id(),
        department.name(),
        department.strategy().wire(),
        department.offerSeconds().orElse(null),
        department.agentGraceSeconds().orElse(null),
        department.visitorGoneSeconds().orElse(null),
        hours.zone().getId(),
        hours.weeklyByDay(),
        hours.holidayList(),
        memberships.membersOf(department.id()),
        routing.isOnline(department.id()));
  }

  private static Departments.Settings settings(DepartmentInput input) {
    if (input == null) {
      throw Caller.failure(Response.Status.BAD_REQUEST, "bad_request", "a department is required");
    }
    RoutingStrategy strategy =
        input.strategy() == null
            ? RoutingStrategy.LEAST_BUSY
            : RoutingStrategy.fromWire(input.strategy());
    if (strategy == null) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "strategy is least_busy or round_robin");
    }
    BusinessHours hours;
    try {
      hours = BusinessHours.of(input.timeZone(), input.hours(), input.holidays());
    } catch (IllegalArgumentException wrong) {
      throw Caller.failure(Response.Status.BAD_REQUEST, "bad_request", wrong.getMessage());
    }
    return new Departments.Settings(
        input.name(),
        strategy,
        input.offerSeconds(),
        input.agentGraceSeconds(),
        input.visitorGoneSeconds(),
        hours);
  }
}
