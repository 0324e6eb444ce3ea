package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.routing.boundary.Routing;
import dev.kefu.routing.boundary.RoutingRules;
import dev.kefu.routing.entity.RoutingRule;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
 * A site's routing rules, as one ordered list: tried in order after the visitor's pre-chat choice,
 * before the site's default department. Admins replace the list; supervisors read it.
 */
@Path("sites/{siteId}/routing-rules")
@Tag(name = ApiDocs.TAG_ROUTING)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RoutingRulesResource {

  /**
   * One rule: {@code kind} {@code url} (a glob over the page URL, {@code *} for any characters) or
   * {@code language} (a language tag or its prefix); the department it sends to; the skill it
   * requires of the agent, or null.
   */
  public record RuleJson(String kind, String pattern, String departmentId, String requiredSkill) {
    static RuleJson of(RoutingRule rule) {
      return new RuleJson(
          rule.kind().wire(),
          rule.pattern(),
          rule.departmentId(),
          rule.requiredSkill().orElse(null));
    }
  }

  /**
   * Where a visitor on {@code url} with {@code language} would go, as the router decides it: the
   * department, the skill required, and the rule that decided ({@code position} from 1), or null
   * when none matched and the site's default department takes the chat.
   */
  public record TestJson(
      String departmentId, String requiredSkill, Integer position, RuleJson rule) {}

  /** The whole ordered list a site is to have. */
  public record RulesInput(List<RuleJson> rules) {}

  @Inject Caller caller;
  @Inject RoutingRules rules;

  @GET
  @Operation(
      summary = "List a site's routing rules",
      description =
          "Roles: kf-supervisor, kf-admin. In the order they are tried. Another tenant's "
              + "site does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.MANAGERS))
  @APIResponse(responseCode = "200", description = "The rules.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public List<RuleJson> list(@PathParam("siteId") String siteId) {
    Agent reader = caller.require(Role.SUPERVISOR);
    return rules.of(reader.tenantId(), siteId).stream().map(RuleJson::of).toList();
  }

  /** The rule test: which department a page and a language would get, and by which rule. */
  @GET
  @Path("test")
  @Operation(
      summary = "Test a site's routing rules",
      description =
          "Roles: kf-supervisor, kf-admin. Which department a visitor on url with "
              + "language would get, and by which rule. url is at most 2000 characters, "
              + "language 35 (400 otherwise). Another tenant's site does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.MANAGERS))
  @APIResponse(
      responseCode = "200",
      description = "{\"departmentId\",\"requiredSkill\",\"position\",\"rule\"}.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public TestJson test(
      @PathParam("siteId") String siteId,
      @QueryParam("url") String url,
      @QueryParam("language") String language) {
    Agent reader = caller.require(Role.SUPERVISOR);
    if ((url != null && url.length() > 2000) || (language != null && language.length() > 35)) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST,
          "bad_request",
          "url is at most 2000 characters, language 35");
    }
    Routing.Decision decision = rules.test(reader.tenantId(), siteId, url, language);
    RoutingRule rule = decision.rule();
    return new TestJson(
        decision.departmentId(),
        decision.requiredSkill(),
        rule == null ? null : rule.position() + 1,
        rule == null ? null : RuleJson.of(rule));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Replace a site's routing rules",
      description =
          "Roles: kf-admin. Body {\"rules\":[…]}, the whole ordered list (an empty one: "
              + "none); 400 for an invalid rule. Another tenant's site does not exist (404).",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The rules as stored.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public List<RuleJson> replace(@PathParam("siteId") String siteId, RulesInput input) {
    Agent admin = caller.require(Role.ADMIN);
    rules.of(admin.tenantId(), siteId);
    if (input == null || input.rules() == null) {
      throw Caller.failure(
          Response.Status.BAD_REQUEST, "bad_request", "rules is required (an empty list: none)");
    }
    List<RoutingRules.Entry> entries =
        input.rules().stream()
            .map(
                r ->
                    r == null
                        ? null
                        : new RoutingRules.Entry(
                            r.kind(), r.pattern(), r.departmentId(), r.requiredSkill()))
            .toList();
    return rules.replace(caller.actor(), siteId, entries).stream().map(RuleJson::of).toList();
  }
}
