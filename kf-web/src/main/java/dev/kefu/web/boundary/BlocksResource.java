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

/**
 * The tenant's blocks over the API, for admins: visitors and address ranges whose widget is turned
 * away. The same business calls as the console's protection page, audited the same way.
 */
@Path("blocks")
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
