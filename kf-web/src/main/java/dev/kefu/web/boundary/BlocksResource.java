package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.protection.boundary.Blocks;
import dev.kefu.protection.entity.Block;
import dev.kefu.view.Wire;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tenant's blocks over the API, for admins: visitors and address ranges whose widget is turned
 * away. The same business calls as the console's protection page, audited the same way.
 */
@Path("blocks")
@Tag(name = ApiDocs.TAG_PROTECTION)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BlocksResource {
  /** A block: {@code kind} {@code visitor} or {@code range}, and the one of the two it names. */
  public record BlockJson(
      String id,
      String kind,
      String visitorId,
      String cidr,
      String reason,
      String expiresAt,
      String createdAt) {
    static BlockJson of(Block block) {
      return new BlockJson(
          block.id(),
          block.kind() == Block.Kind.VISITOR ? "visitor" : "range",
          block.visitorId(),
          block.cidr(),
          block.reason().orElse(null),
          block.expiresAt().map(Wire::timestamp).orElse(null),
          Wire.timestamp(block.createdAt()));
    }
  }

  /** A page of blocks and how many there are in all. */
  public record BlockPage(long total, List<BlockJson> blocks) {}

  /** A new block: {@code visitorId} or {@code cidr}; reason and expiry (ISO-8601) optional. */
  public record BlockRequest(String visitorId, String cidr, String reason, String expiresAt) {}

  @Inject Caller caller;
  @Inject Blocks blocks;

  @GET
  @Operation(
      summary = "List the tenant's blocks",
      description =
          "Roles: kf-admin. A page of them (first, size, sort, ascending) and how many "
              + "there are.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "{\"total\",\"blocks\":[…]}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public BlockPage list(
      @QueryParam("first") @DefaultValue("0") int first,
      @QueryParam("size") @DefaultValue("50") int size,
      @QueryParam("sort") @DefaultValue("createdAt") String sort,
      @QueryParam("ascending") @DefaultValue("false") boolean ascending) {
    Agent admin = caller.require(Role.ADMIN);
    return new BlockPage(
        blocks.count(admin.tenantId()),
        blocks.page(admin.tenantId(), first, size, sort, ascending).stream()
            .map(BlockJson::of)
            .toList());
  }

  /** Blocks a visitor ({@code visitorId}) or an address range ({@code cidr}): 201 and the block. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Block a visitor or an address range",
      description =
          "Roles: kf-admin. Body {\"visitorId\"} or {\"cidr\"}, with an optional reason "
              + "and expiresAt (ISO-8601); 400 for an unknown visitor, an invalid range, a past"
              + " expiry or one already blocked. Audited.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "201", description = "The block.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response block(BlockRequest request) {
    caller.require(Role.ADMIN);
    BlockRequest r = request == null ? new BlockRequest(null, null, null, null) : request;
    Instant expires = instant(r.expiresAt());
    Block made =
        r.cidr() != null && r.visitorId() == null
            ? blocks.blockRange(caller.actor(), r.cidr(), r.reason(), expires)
            : blocks.blockVisitor(caller.actor(), r.visitorId(), r.reason(), expires);
    return Response.status(Response.Status.CREATED).entity(BlockJson.of(made)).build();
  }

  @DELETE
  @Path("{blockId}")
  @Operation(
      summary = "Lift a block",
      description = "Roles: kf-admin. Audited. Another tenant's block does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "204", description = "Lifted.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response unblock(@PathParam("blockId") String blockId) {
    caller.require(Role.ADMIN);
    blocks.unblock(caller.actor(), blockId);
    return Response.noContent().build();
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException wrong) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "expiresAt is an ISO-8601 instant");
    }
  }
}
