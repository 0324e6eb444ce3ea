package dev.kefu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * What Keycloak's administrator does in its admin REST API while Kefu runs: rename, delete and
 * create users, and rotate the realm's signing keys, as an IT team does in its identity provider.
 */
final class KeycloakAdmin {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final KeycloakServer keycloak;
  private final String password;

  KeycloakAdmin(KeycloakServer keycloak, String password) {
    this.keycloak = keycloak;
    this.password = password;
  }

  /** Lets user names be changed, as directories that rename people need. */
  void allowRenaming() throws IOException, InterruptedException {
    call("PUT", "", "{\"editUsernameAllowed\":true}");
  }

  /** A user with a password and one of the realm's roles. */
  String createUser(String userName, String firstName, String userPassword, String role)
      throws IOException, InterruptedException {
    call(
        "POST",
        "/users",
        Json.createObjectBuilder()
            .add("username", userName)
            .add("enabled", true)
            .add("firstName", firstName)
            .add("lastName", "Tester")
            .add("email", userName + "@staff.example")
            .add("emailVerified", true)
            .add(
                "credentials",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("type", "password")
                            .add("value", userPassword)
                            .add("temporary", false)))
            .build()
            .toString());
    String id = userId(userName);
    JsonObject roleJson = object(call("GET", "/roles/" + role, null));
    call(
        "POST",
        "/users/" + id + "/role-mappings/realm",
        Json.createArrayBuilder().add(roleJson).build().toString());
    return id;
  }

  void renameUser(String userName, String newName) throws IOException, InterruptedException {
    String id = userId(userName);
    JsonObject user = object(call("GET", "/users/" + id, null));
    call(
        "PUT",
        "/users/" + id,
        Json.createObjectBuilder(user).add("username", newName).build().toString());
  }

  void deleteUser(String userName) throws IOException, InterruptedException {
    call("DELETE", "/users/" + userId(userName), null);
  }

  /**
   * Adds a new RSA signing key that takes precedence, then removes every key provider that signed
   * before it: what an IT team does when a key may have leaked.
   */
  void rotateSigningKeys() throws IOException, InterruptedException {
    String realmId = object(call("GET", "", null)).getString("id");
    JsonArray before = array(call("GET", "/components?type=org.keycloak.keys.KeyProvider", null));
    call(
        "POST",
        "/components",
        Json.createObjectBuilder()
            .add("name", "rotated-rsa")
            .add("providerId", "rsa-generated")
            .add("providerType", "org.keycloak.keys.KeyProvider")
            .add("parentId", realmId)
            .add(
                "config",
                Json.createObjectBuilder()
                    .add("priority", Json.createArrayBuilder().add("500"))
                    .add("keySize", Json.createArrayBuilder().add("2048"))
                    .add("algorithm", Json.createArrayBuilder().add("RS256"))
                    .add("active", Json.createArrayBuilder().add("true"))
                    .add("enabled", Json.createArrayBuilder().add("true")))
            .build()
            .toString());
    for (JsonValue value : before) {
      JsonObject provider = value.asJsonObject();
      if (provider.getString("providerId", "").startsWith("rsa")) {
        call("DELETE", "/components/" + provider.getString("id"), null);
      }
    }
  }

  private String userId(String userName) throws IOException, InterruptedException {
    JsonArray users =
        array(
            call(
                "GET",
                "/users?exact=true&username=" + URLEncoder.encode(userName, StandardCharsets.UTF_8),
                null));
    assertThat(users).as("Keycloak user " + userName).hasSize(1);
    return users.getJsonObject(0).getString("id");
  }

  private String call(String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + path))
            .header("Authorization", "Bearer " + token())
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isBetween(200, 299);
    return response.body();
  }

  private String token() throws IOException, InterruptedException {
    String form =
        "grant_type=password&client_id=admin-cli&username="
            + URLEncoder.encode(KeycloakServer.ADMIN, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return object(response.body()).getString("access_token");
  }

  static JsonObject object(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  static JsonArray array(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readArray();
    }
  }
}
