package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Role;
import dev.kefu.setup.boundary.Reencryption;
import dev.kefu.view.Wire;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The re-encryption of visitors' personal data under the current data key, for whoever runs the
 * installation: an admin of a single-tenant installation, the platform operator ({@code
 * kf-platform}) of a multi-tenant one, since it touches every tenant's rows. {@code POST
 * /api/v1/admin/data-key/reencrypt} starts it on this node (audited) and answers {@code 202} with
 * its progress; {@code GET /api/v1/admin/data-key} shows the progress of this node's last pass.
 * Neither ever shows a key, only key ids.
 */
@Path("admin/data-key")
@Tag(name = ApiDocs.TAG_OPERATION)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DataKeyResource {

  /** A pass of re-encryption as the operator sees it. */
  public record ProgressJson(
      String currentKeyId,
      boolean running,
      boolean complete,
      long rows,
      long resealed,
      long unreadable,
      String startedAt,
      String finishedAt,
      String failure) {

    static ProgressJson of(Reencryption.Progress progress) {
      return new ProgressJson(
          progress.keyId(),
          progress.running(),
          progress.complete(),
          progress.rows(),
          progress.resealed(),
          progress.unreadable(),
          progress.startedAt() == null ? null : Wire.timestamp(progress.startedAt()),
          progress.finishedAt() == null ? null : Wire.timestamp(progress.finishedAt()),
          progress.failure());
    }
  }

  @Inject Caller caller;
  @Inject Reencryption reencryption;

  @Inject
  @ConfigProperty(name = "kf.tenancy", defaultValue = "single")
  String tenancy;

  @GET
  @Operation(
      summary = "Read the progress of re-encryption",
      description =
          "Roles: kf-admin, kf-platform. kf-admin in a single-tenant installation, "
              + "kf-platform in a multi-tenant one. The progress of this node's last pass under"
              + " the current data key; key ids only, never a key.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.OPERATOR))
  @APIResponse(responseCode = "200", description = "The progress.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Response progress() {
    requireOperator();
    return Response.ok(ProgressJson.of(reencryption.progress()))
        .header("Cache-Control", "no-store")
        .build();
  }

  @POST
  @Path("reencrypt")
  @Operation(
      summary = "Re-encrypt visitors' personal data under the current key",
      description =
          "Roles: kf-admin, kf-platform. kf-admin in a single-tenant installation, "
              + "kf-platform in a multi-tenant one. Starts a pass on this node; audited.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.OPERATOR))
  @APIResponse(responseCode = "202", description = "Started: the progress.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Response reencrypt() {
    requireOperator();
    return Response.accepted(ProgressJson.of(reencryption.start(caller.actor())))
        .header("Cache-Control", "no-store")
        .build();
  }

  private void requireOperator() {
    caller.require("multi".equals(tenancy) ? Role.PLATFORM : Role.ADMIN);
  }
}
