package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.view.Wire;
import dev.kefu.web.control.Caller;
import dev.kefu.webhook.boundary.Webhooks;
import dev.kefu.webhook.entity.Webhook;
import dev.kefu.webhook.entity.WebhookDelivery;
import dev.kefu.webhook.entity.WebhookEvent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tenant's webhooks, for its admins: where events go, which kinds, the secret that signs them
 * (in the answer when a webhook is made or its secret renewed, never otherwise), a ping to try a
 * receiver, and the delivery log with a way to send one again. Another tenant's webhook or delivery
 * answers 404 as one that does not exist.
 */
@Path("webhooks")
@Tag(name = ApiDocs.TAG_WEBHOOKS)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

  /** A webhook as the API shows it; {@code secret} only where said. */
  public record WebhookJson(
      String id,
      String url,
      List<String> events,
      boolean enabled,
      String description,
      String secret,
      String createdAt,
      String updatedAt) {
    static WebhookJson of(Webhook w, boolean withSecret) {
      return new WebhookJson(
          w.id(),
          w.url(),
          w.events().stream().map(WebhookEvent::wire).toList(),
          w.enabled(),
          w.description(),
          withSecret ? w.secret() : null,
          Wire.timestamp(w.createdAt()),
          Wire.timestamp(w.updatedAt()));
    }
  }

  /** What an admin sends to make or change a webhook; {@code enabled} is true when missing. */
  public record WebhookInput(
      String url, List<String> events, Boolean enabled, String description) {}

  /**
   * A delivery of the log: {@code status} {@code pending}, {@code delivered} or {@code failed};
   * {@code payload} (the body as sent) only when one delivery is asked for.
   */
  public record DeliveryJson(
      String id,
      String webhookId,
      String event,
      String status,
      int attempts,
      Integer lastStatus,
      String lastError,
      String createdAt,
      String nextAttemptAt,
      String deliveredAt,
      String payload) {
    static DeliveryJson of(WebhookDelivery d, boolean withPayload) {
      boolean pending = d.status() == WebhookDelivery.Status.PENDING;
      return new DeliveryJson(
          d.id(),
          d.webhookId(),
          d.eventType(),
          d.status().name().toLowerCase(java.util.Locale.ROOT),
          d.attempts(),
          d.lastStatus().orElse(null),
          d.lastError().orElse(null),
          Wire.timestamp(d.createdAt()),
          pending ? Wire.timestamp(d.nextAttemptAt()) : null,
          d.deliveredAt().map(Wire::timestamp).orElse(null),
          withPayload ? d.payload() : null);
    }
  }

  /** A page of the delivery log, newest first. */
  public record DeliveryPageJson(long total, List<DeliveryJson> deliveries) {}

  @Inject Caller caller;
  @Inject Webhooks webhooks;

  @GET
  @Operation(
      summary = "List the tenant's webhooks",
      description = "Roles: kf-admin. Oldest first, without their secrets.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(
      responseCode = "200",
      description = "[{id, url, events, enabled, description, createdAt, updatedAt}].")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public List<WebhookJson> list() {
    Agent admin = caller.require(Role.ADMIN);
    return webhooks.list(admin.tenantId()).stream().map(w -> WebhookJson.of(w, false)).toList();
  }

  /** A new webhook: 201, with its secret (the only answer but a renewal that shows it). */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Make a webhook",
      description =
          "Roles: kf-admin. Body {url, events[], enabled, description}; events among "
              + "conversation.started, message.created, conversation.closed, "
              + "conversation.rated, message.left, visitor.erased. The answer holds the secret "
              + "that signs every delivery; it is not shown again. 400 url_invalid, "
              + "events_invalid, text_too_long or too_many_webhooks, with the field. Audited.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "201", description = "The webhook with its secret.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public Response create(WebhookInput input) {
    caller.require(Role.ADMIN);
    WebhookInput in = orEmpty(input);
    Webhook made =
        webhooks.create(
            caller.actor(),
            in.url(),
            in.events(),
            in.enabled() == null || in.enabled(),
            in.description());
    return Response.status(Response.Status.CREATED).entity(WebhookJson.of(made, true)).build();
  }

  @GET
  @Path("{webhookId}")
  @Operation(
      summary = "Read a webhook",
      description =
          "Roles: kf-admin. Without its secret. Another tenant's webhook does not exist "
              + "(404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The webhook.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public WebhookJson get(@PathParam("webhookId") String id) {
    Agent admin = caller.require(Role.ADMIN);
    return WebhookJson.of(webhooks.get(admin.tenantId(), id), false);
  }

  @PUT
  @Path("{webhookId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change a webhook",
      description =
          "Roles: kf-admin. Body as when made; enabled false stops new deliveries "
              + "(waiting ones wait). 400 as when made. Audited with before and after.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The webhook.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public WebhookJson change(@PathParam("webhookId") String id, WebhookInput input) {
    caller.require(Role.ADMIN);
    WebhookInput in = orEmpty(input);
    return WebhookJson.of(
        webhooks.change(
            caller.actor(),
            id,
            in.url(),
            in.events(),
            in.enabled() == null || in.enabled(),
            in.description()),
        false);
  }

  @DELETE
  @Path("{webhookId}")
  @Operation(
      summary = "Remove a webhook",
      description =
          "Roles: kf-admin. With its delivery log; what was not sent is not sent. " + "Audited.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "204", description = "Removed.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response delete(@PathParam("webhookId") String id) {
    caller.require(Role.ADMIN);
    webhooks.delete(caller.actor(), id);
    return Response.noContent().build();
  }

  /** A new secret, in the answer; the old one signs nothing from now on. */
  @POST
  @Path("{webhookId}/secret")
  @Operation(
      summary = "Renew a webhook's secret",
      description =
          "Roles: kf-admin. The answer holds the new secret; the old one signs nothing "
              + "from now on. Audited, never with the secret.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The webhook with its new secret.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public WebhookJson renewSecret(@PathParam("webhookId") String id) {
    caller.require(Role.ADMIN);
    return WebhookJson.of(webhooks.renewSecret(caller.actor(), id), true);
  }

  /** Sends the webhook a {@code ping} at once: 202 with the delivery, to follow in the log. */
  @POST
  @Path("{webhookId}/ping")
  @Operation(
      summary = "Ping a webhook",
      description =
          "Roles: kf-admin. Sends the event ping at once, even to a webhook that is off, "
              + "to try the receiver; follow it in the delivery log.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "202", description = "The delivery.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public Response ping(@PathParam("webhookId") String id) {
    caller.require(Role.ADMIN);
    return Response.accepted(DeliveryJson.of(webhooks.ping(caller.actor(), id), false)).build();
  }

  @GET
  @Path("{webhookId}/deliveries")
  @Operation(
      summary = "Read a webhook's delivery log",
      description =
          "Roles: kf-admin. Newest first (first, max at most 200): event, status pending, "
              + "delivered or failed, attempts, the last answer or error, the next attempt.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "{total, deliveries:[…]}.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public DeliveryPageJson deliveries(
      @PathParam("webhookId") String id,
      @QueryParam("first") @DefaultValue("0") int first,
      @QueryParam("max") @DefaultValue("50") int max) {
    Agent admin = caller.require(Role.ADMIN);
    Webhooks.DeliveryPage page = webhooks.deliveries(admin.tenantId(), id, first, max);
    return new DeliveryPageJson(
        page.total(), page.deliveries().stream().map(d -> DeliveryJson.of(d, false)).toList());
  }

  /** One delivery with the body as sent. */
  @GET
  @Path("{webhookId}/deliveries/{deliveryId}")
  @Operation(
      summary = "Read one delivery",
      description = "Roles: kf-admin. With the body as sent (payload).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The delivery.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public DeliveryJson delivery(
      @PathParam("webhookId") String id, @PathParam("deliveryId") String deliveryId) {
    Agent admin = caller.require(Role.ADMIN);
    return DeliveryJson.of(webhooks.delivery(admin.tenantId(), id, deliveryId), true);
  }

  /** Sends a delivery again now, with a fresh count of attempts (a failed one, say). */
  @POST
  @Path("{webhookId}/deliveries/{deliveryId}/resend")
  @Operation(
      summary = "Send a delivery again",
      description =
          "Roles: kf-admin. Now, with a fresh count of attempts (a failed one, say). "
              + "Audited as webhook.resend.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The delivery.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public DeliveryJson resend(
      @PathParam("webhookId") String id, @PathParam("deliveryId") String deliveryId) {
    caller.require(Role.ADMIN);
    return DeliveryJson.of(webhooks.resend(caller.actor(), id, deliveryId), false);
  }

  private static WebhookInput orEmpty(WebhookInput input) {
    return input == null ? new WebhookInput(null, null, null, null) : input;
  }
}
