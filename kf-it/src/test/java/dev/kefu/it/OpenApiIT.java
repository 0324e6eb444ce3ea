package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.it.AccessMatrixIT.Who;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API's OpenAPI document as the server serves it at {@code /openapi}, to anyone: every REST
 * endpoint of the shipped WAR ({@link ShippedWar}) is in it under {@code /api/v1}, and nothing else
 * is; every operation has a summary, the roles that may call it ({@code x-kefu-roles}, and the
 * first sentence of its description), a success and its refusals in Kefu's error shape; and the
 * roles it names agree with the access matrix ({@link AccessMatrixIT#TABLE}), which probes them. So
 * an endpoint added without its description fails here, as one added without its row in the matrix
 * fails there.
 */
@ExtendWith(KefuServer.class)
class OpenApiIT {

  private static final String API = "/api/v1/";

  /** The test fixture's own resources (dev.kefu.it.fixture), which only the test servers have. */
  private static final String FIXTURE = "it/";

  private static final Set<String> ROLES =
      Set.of("anonymous", "visitor", "kf-agent", "kf-supervisor", "kf-admin", "kf-platform");
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void anyoneReadsTheDocumentInYamlOrJson() {
    HttpResponse<String> yaml =
        kefu.send(HttpRequest.newBuilder(kefu.base.resolve("openapi")).GET());
    assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(200);
    assertThat(yaml.body()).startsWith("openapi: 3.").contains("title: Kefu REST API");

    JsonObject document = document();
    assertThat(document.getJsonObject("info").getString("title")).isEqualTo("Kefu REST API");
    assertThat(document.getJsonObject("paths").keySet()).allMatch(path -> path.startsWith(API));
  }

  @Test
  void everyEndpointOfTheShippedWarIsDocumentedAndNothingElse() throws Exception {
    TreeSet<String> shipped;
    try (ShippedWar war =
        new ShippedWar(
            new File(System.getProperty("kf.it.war")),
            new File(System.getProperty("kf.it.tmp", "target")))) {
      shipped = war.restEndpoints();
    }
    assertThat(shipped).as("the scan sees the endpoints").hasSizeGreaterThan(60);
    assertThat(operations(document()).keySet())
        .as("documented operations, as METHOD path under /api/v1")
        .containsExactlyInAnyOrderElementsOf(shipped);
  }

  @Test
  void everyOperationNamesItsRolesItsSuccessAndItsRefusals() {
    JsonObject document = document();
    JsonObject responses = document.getJsonObject("components").getJsonObject("responses");
    List<String> problems = new ArrayList<>();
    operations(document)
        .forEach(
            (name, operation) -> {
              if (operation.getString("summary", "").isBlank()) {
                problems.add(name + ": no summary");
              }
              List<String> roles = roles(operation);
              if (roles.isEmpty() || !ROLES.containsAll(roles)) {
                problems.add(name + ": x-kefu-roles names no known roles: " + roles);
              }
              if (!operation
                  .getString("description", "")
                  .startsWith("Roles: " + String.join(", ", roles) + ".")) {
                problems.add(name + ": the description does not start with its roles");
              }
              JsonObject answers = operation.getJsonObject("responses");
              if (answers.keySet().stream().noneMatch(code -> code.startsWith("2"))) {
                problems.add(name + ": no success");
              }
              if (!roles.contains("anonymous") && !answers.containsKey("401")) {
                problems.add(name + ": no 401");
              }
              if (roles.stream().allMatch(role -> role.startsWith("kf-"))
                  && !answers.containsKey("403")) {
                problems.add(name + ": no 403, though a role is needed");
              }
              if (name.contains("{") && !answers.containsKey("404")) {
                problems.add(name + ": no 404, though the path names an object");
              }
              answers.forEach(
                  (code, answer) -> {
                    // The status's 503 is its own answer, {"status":"down"}.
                    boolean refusal = code.startsWith("4") || code.startsWith("5");
                    if (refusal && !name.equals("GET status")) {
                      if (!isErrorShape(answer.asJsonObject(), responses)) {
                        problems.add(name + ": " + code + " is not in the error shape");
                      }
                    }
                  });
            });
    assertThat(problems).isEmpty();
  }

  @Test
  void theRolesAgreeWithTheAccessMatrix() {
    Map<String, JsonObject> operations = operations(document());
    List<String> problems = new ArrayList<>();
    AccessMatrixIT.TABLE.forEach(
        (endpoint, allowed) -> {
          if (!endpoint.matches("(GET|POST|PUT|DELETE) .*")) {
            return; // a Faces view or a socket frame
          }
          JsonObject operation = operations.get(endpoint);
          if (operation == null) {
            problems.add(endpoint + ": not documented");
            return;
          }
          List<String> roles = roles(operation);
          if (roles.contains("anonymous")) {
            // Anyone may: every column of the matrix must let the caller through.
            if (!allowed.equals(EnumSet.allOf(Who.class))) {
              problems.add(endpoint + ": documented for anyone, the matrix " + allowed);
            }
            return;
          }
          for (Who who : allowed) {
            if (!roles.contains(role(who))) {
              problems.add(endpoint + ": the matrix lets " + who + " through, not documented");
            }
          }
        });
    assertThat(problems).isEmpty();
    // A few by name, as docs/roles.md has them.
    assertThat(roles(operations.get("GET status"))).containsExactly("anonymous");
    assertThat(roles(operations.get("GET sites"))).containsExactly("kf-admin");
    assertThat(roles(operations.get("GET conversations/live")))
        .containsExactly("kf-supervisor", "kf-admin");
    assertThat(roles(operations.get("GET visitor/conversations/{conversationId}/transcript")))
        .containsExactly("visitor");
    assertThat(roles(operations.get("POST files"))).contains("visitor", "kf-agent");
    assertThat(roles(operations.get("POST tenants"))).containsExactly("kf-platform");
  }

  @Test
  void theDocumentDescribesTheErrorShapeTheWaysToSignInAndEachTagOnce() {
    JsonObject document = document();
    JsonObject components = document.getJsonObject("components");
    JsonObject error = components.getJsonObject("schemas").getJsonObject("Error");
    assertThat(error.getJsonArray("required").getValuesAs(JsonValue::toString))
        .containsExactly("\"error\"", "\"message\"");
    assertThat(error.getJsonObject("properties").keySet()).contains("error", "message", "field");
    JsonObject schemes = components.getJsonObject("securitySchemes");
    assertThat(schemes.keySet()).contains("session", "basic", "bearer", "visitor");
    assertThat(schemes.getJsonObject("session").getString("name")).isEqualTo("KFSESSION");
    assertThat(schemes.getJsonObject("session").getString("in")).isEqualTo("cookie");
    assertThat(schemes.getJsonObject("bearer").getString("bearerFormat")).isEqualTo("JWT");
    assertThat(schemes.getJsonObject("visitor").getString("name")).isEqualTo("X-Kefu-Visitor");
    List<String> tags =
        document.getJsonArray("tags").stream()
            .map(tag -> tag.asJsonObject().getString("name"))
            .toList();
    assertThat(tags).doesNotHaveDuplicates();
    assertThat(document.getJsonArray("tags").stream())
        .allMatch(tag -> !tag.asJsonObject().getString("description", "").isBlank());
  }

  /** The role that lets a column of the matrix through. */
  private static String role(Who who) {
    return switch (who) {
      case ANONYMOUS -> "anonymous";
      case VISITOR -> "visitor";
      case AGENT -> "kf-agent";
      case SUPERVISOR -> "kf-supervisor";
      case ADMIN, OTHER_ADMIN -> "kf-admin";
    };
  }

  /** A refusal described in Kefu's error shape, directly or by a shared response. */
  private static boolean isErrorShape(JsonObject answer, JsonObject shared) {
    JsonObject described = answer;
    if (answer.containsKey("$ref")) {
      String ref = answer.getString("$ref");
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      if (!ref.startsWith("#/components/responses/") || !shared.containsKey(name)) {
        return false;
      }
      described = shared.getJsonObject(name);
    }
    JsonObject content = described.getJsonObject("content");
    return content != null
        && content.containsKey("application/json")
        && "#/components/schemas/Error"
            .equals(
                content
                    .getJsonObject("application/json")
                    .getJsonObject("schema")
                    .getString("$ref", ""));
  }

  private static List<String> roles(JsonObject operation) {
    String roles = operation.getString("x-kefu-roles", "");
    return roles.isBlank() ? List.of() : Arrays.asList(roles.split(","));
  }

  /** Every operation, as {@code "GET conversations/{id}/messages"} relative to /api/v1. */
  private static Map<String, JsonObject> operations(JsonObject document) {
    Map<String, JsonObject> operations = new TreeMap<>();
    document
        .getJsonObject("paths")
        .forEach(
            (path, item) -> {
              String relative = path.startsWith(API) ? path.substring(API.length()) : path;
              if (relative.startsWith(FIXTURE)) {
                return;
              }
              for (String method : new LinkedHashSet<>(item.asJsonObject().keySet())) {
                if (METHODS.contains(method)) {
                  operations.put(
                      method.toUpperCase(java.util.Locale.ROOT) + " " + relative,
                      item.asJsonObject().getJsonObject(method));
                }
              }
            });
    return operations;
  }

  private JsonObject document() {
    HttpResponse<String> answer =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("openapi?format=json"))
                .header("Accept", "application/json")
                .GET());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    try (var reader = Json.createReader(new StringReader(answer.body()))) {
      return reader.readObject();
    }
  }
}
