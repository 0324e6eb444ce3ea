package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A multi-tenant installation ({@code kf.tenancy=multi}): its platform operator (role {@code
 * kf-platform}) founds tenants, whose first admins see their own tenant only; nobody else manages
 * tenants.
 */
@ExtendWith(KefuServer.class)
@KefuServer.Settings("kf.tenancy=multi")
@Order(Integer.MAX_VALUE - 1) // a server of its own, so the others share one before it
@ResourceLock(KefuServer.RESOURCE)
class TenantsIT {

  private static final String PASSWORD = "operator-secret-" + UUID.randomUUID();

  Kefu kefu;
  String operator;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    operator = "operator-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> made =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/it/accounts"))
                .header("Authorization", Kefu.basic())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username="
                            + operator
                            + "&password="
                            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                            + "&roles=kf-platform")));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
  }

  @Test
  void theOperatorFoundsATenantWhoseAdminSeesOnlyThatTenant() {
    String name = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> founded = found(name, Kefu.basic(operator, PASSWORD));
    assertThat(founded.statusCode()).as(founded.body()).isEqualTo(201);
    assertThat(founded.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject answer = json(founded.body());
    String tenantId = answer.getJsonObject("tenant").getString("id");
    String siteKey = answer.getString("siteKey");
    JsonObject admin = answer.getJsonObject("admin");
    assertThat(admin.getString("username")).isEqualTo(name);

    HttpResponse<String> sites = get("api/v1/sites", Kefu.basic(name, admin.getString("password")));
    assertThat(sites.statusCode()).as(sites.body()).isEqualTo(200);
    JsonArray theirSites = Json.createReader(new StringReader(sites.body())).readArray();
    assertThat(theirSites).hasSize(1);
    assertThat(theirSites.getJsonObject(0).getString("siteKey")).isEqualTo(siteKey);

    assertThat(get("api/v1/tenants", Kefu.basic(operator, PASSWORD)).body()).contains(tenantId);
    assertThat(found(name, Kefu.basic(operator, PASSWORD)).statusCode())
        .as("a user name taken in any tenant")
        .isEqualTo(409);
    assertThat(found("admin", Kefu.basic(operator, PASSWORD)).statusCode()).isEqualTo(409);
  }

  @Test
  void onlyThePlatformOperatorManagesTenants() {
    assertThat(get("api/v1/tenants", null).statusCode()).isEqualTo(401);
    assertThat(get("api/v1/tenants", Kefu.basic()).statusCode()).isEqualTo(403);
    assertThat(found("intruder-" + UUID.randomUUID(), Kefu.basic()).statusCode()).isEqualTo(403);
  }

  private HttpResponse<String> found(String adminUsername, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/tenants"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("name", "Tenant of " + adminUsername)
                        .add("adminUsername", adminUsername)
                        .build()
                        .toString()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return kefu.send(request);
  }

  private HttpResponse<String> get(String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(kefu.base.resolve(path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return kefu.send(request);
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
