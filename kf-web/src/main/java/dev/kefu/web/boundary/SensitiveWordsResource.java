package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.protection.boundary.SensitiveWords;
import dev.kefu.protection.entity.SensitiveWordList;
import dev.kefu.protection.entity.WordMode;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tenant's sensitive words over the API, for admins: the list and what happens to a message
 * that holds one. The same business call as the console's protection page, audited the same way.
 */
@Path("sensitive-words")
@Tag(name = ApiDocs.TAG_PROTECTION)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SensitiveWordsResource {

  /** The sensitive words and what happens to a message that holds one. */
  public record WordsJson(
      List<String> words, String mode, Boolean screenVisitors, Boolean screenAgents) {
    static WordsJson of(SensitiveWordList list) {
      return new WordsJson(
          list.words(), list.mode().wire(), list.screensVisitors(), list.screensAgents());
    }
  }

  @Inject Caller caller;
  @Inject SensitiveWords words;

  @GET
  @Operation(
      summary = "Read the tenant's sensitive words",
      description = "Roles: kf-admin. The words and what happens to a message that holds one.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(
      responseCode = "200",
      description = "{\"words\",\"mode\",\"screenVisitors\",\"screenAgents\"}.")
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public WordsJson sensitiveWords() {
    Agent admin = caller.require(Role.ADMIN);
    return WordsJson.of(words.of(admin.tenantId()));
  }

  /**
   * Replaces the list and its settings; {@code mode} is required ({@code mask} or {@code refuse}).
   */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Replace the tenant's sensitive words",
      description =
          "Roles: kf-admin. The list and its settings; mode (mask or refuse) is required."
              + " Audited.",
      extensions = @Extension(name = ApiDocs.ROLES, value = ApiDocs.ADMIN))
  @APIResponse(responseCode = "200", description = "The words as stored.")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
  public WordsJson changeSensitiveWords(WordsJson request) {
    caller.require(Role.ADMIN);
    if (request == null || request.mode() == null) {
      throw Caller.failure(Response.Status.BAD_REQUEST, "bad_request", "mode is required");
    }
    WordMode mode;
    try {
      mode = WordMode.fromWire(request.mode());
    } catch (IllegalArgumentException wrong) {
      throw Caller.failure(Response.Status.BAD_REQUEST, "bad_request", wrong.getMessage());
    }
    return WordsJson.of(
        words.change(
            caller.actor(),
            request.words() == null ? List.of() : request.words(),
            mode,
            !Boolean.FALSE.equals(request.screenVisitors()),
            !Boolean.FALSE.equals(request.screenAgents())));
  }
}
