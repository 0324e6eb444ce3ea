package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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

  @Test
  void aSuspendedTenantsStaffCannotSignInAndItsWidgetIsRefusedUntilResumed() {
    String name = "halt-" + UUID.randomUUID().toString().substring(0, 8);
    String adminPassword = "first-admin-" + UUID.randomUUID();
    HttpResponse<String> founded = found(name, adminPassword, Kefu.basic(operator, PASSWORD));
    assertThat(founded.statusCode()).as(founded.body()).isEqualTo(201);
    JsonObject answer = json(founded.body());
    String tenantId = answer.getJsonObject("tenant").getString("id");
    String siteKey = answer.getString("siteKey");
    String admin = Kefu.basic(name, adminPassword);
    assertThat(get("api/v1/sites", admin).statusCode()).as("the chosen password").isEqualTo(200);
    // A session of the tenant's admin, opened before the suspension.
    String session = signIn(name, adminPassword);
    assertThat(getWithCookie("api/v1/auth/me", session).statusCode()).isEqualTo(200);

    // A visitor welcomed just before: the node now keeps the tenant as not suspended for its
    // arrivals, and must forget that at the suspension's commit.
    try (Socket visitor = Socket.open(kefu.visitorUri(siteKey), kefu.origin)) {
      visitor.send(hello());
      assertThat(visitor.next("welcome").type()).isEqualTo("welcome");
    }
    HttpResponse<String> suspended =
        put("api/v1/tenants/" + tenantId + "/suspension", "", Kefu.basic(operator, PASSWORD));
    assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
    assertThat(json(suspended.body()).getString("suspendedAt")).isNotBlank();

    assertThat(get("api/v1/sites", admin).statusCode()).as("HTTP Basic").isEqualTo(401);
    assertThat(signInStatus(name, adminPassword)).as("the sign-in page").isEqualTo(401);
    assertThat(getWithCookie("api/v1/auth/me", session).statusCode())
        .as("the session opened before")
        .isEqualTo(401);
    try (Socket visitor = Socket.open(kefu.visitorUri(siteKey), kefu.origin)) {
      visitor.send(hello());
      Frame refused = visitor.next("error");
      assertThat(refused.string("code")).isEqualTo("tenant_suspended");
      assertThat(visitor.closeCode()).isEqualTo(1008);
    }
    assertThat(get("api/v1/tenants", Kefu.basic(operator, PASSWORD)).body())
        .contains(tenantId)
        .contains("\"suspendedAt\":\"");

    HttpResponse<String> resumed =
        delete("api/v1/tenants/" + tenantId + "/suspension", Kefu.basic(operator, PASSWORD));
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    assertThat(get("api/v1/sites", admin).statusCode()).isEqualTo(200);
    try (Socket visitor = Socket.open(kefu.visitorUri(siteKey), kefu.origin)) {
      visitor.send(hello());
      assertThat(visitor.next("welcome").type()).isEqualTo("welcome");
    }
    String audit = get("api/v1/audit", admin).body();
    assertThat(audit).doesNotContain("tenant.suspended").as("the operator's, not the tenant's");
  }

  @Test
  void theOperatorCannotSuspendTheirOwnTenant() {
    // The operator's account is made in the installation's first tenant, the oldest in the list.
    String own =
        Json.createReader(
                new StringReader(get("api/v1/tenants", Kefu.basic(operator, PASSWORD)).body()))
            .readArray()
            .getJsonObject(0)
            .getString("id");
    HttpResponse<String> refused =
        put("api/v1/tenants/" + own + "/suspension", "", Kefu.basic(operator, PASSWORD));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.body()).contains("own_tenant");
  }

  @Test
  void aTenantsLimitRefusesTheAgentBeyondIt() {
    String name = "small-" + UUID.randomUUID().toString().substring(0, 8);
    String adminPassword = "first-admin-" + UUID.randomUUID();
    JsonObject answer = json(found(name, adminPassword, Kefu.basic(operator, PASSWORD)).body());
    String tenantId = answer.getJsonObject("tenant").getString("id");
    String admin = Kefu.basic(name, adminPassword);

    HttpResponse<String> limited =
        put(
            "api/v1/tenants/" + tenantId + "/limits",
            "{\"maxAgents\":2,\"maxSites\":null}",
            Kefu.basic(operator, PASSWORD));
    assertThat(limited.statusCode()).as(limited.body()).isEqualTo(200);
    assertThat(json(limited.body()).getInt("maxAgents")).isEqualTo(2);
    assertThat(json(limited.body()).get("maxSites")).as("no limit").isIn(null, JsonValue.NULL);
    assertThat(
            put(
                    "api/v1/tenants/" + tenantId + "/limits",
                    "{\"maxAgents\":-1}",
                    Kefu.basic(operator, PASSWORD))
                .statusCode())
        .isEqualTo(400);
    assertThat(put("api/v1/tenants/" + tenantId + "/limits", "{}", admin).statusCode())
        .as("a tenant's admin does not set their own limits")
        .isEqualTo(403);

    // The first admin is the first agent; one more fits, the third is refused.
    assertThat(newAgent(admin, name + "-2").statusCode()).isEqualTo(201);
    HttpResponse<String> third = newAgent(admin, name + "-3");
    assertThat(third.statusCode()).as(third.body()).isEqualTo(409);
    assertThat(json(third.body()).getString("error")).isEqualTo("tenant_limit");

    String tenants = get("api/v1/tenants", Kefu.basic(operator, PASSWORD)).body();
    JsonObject listed =
        Json.createReader(new StringReader(tenants)).readArray().stream()
            .map(JsonValue::asJsonObject)
            .filter(t -> t.getString("id").equals(tenantId))
            .findFirst()
            .orElseThrow();
    assertThat(listed.getInt("agents")).isEqualTo(2);
    assertThat(listed.getInt("sites")).isEqualTo(1);
    assertThat(listed.getInt("maxAgents")).isEqualTo(2);

    put(
        "api/v1/tenants/" + tenantId + "/limits",
        "{\"maxAgents\":null,\"maxSites\":null}",
        Kefu.basic(operator, PASSWORD));
    assertThat(newAgent(admin, name + "-3").statusCode()).as("no limit any more").isEqualTo(201);
  }

  @Test
  void theTenantsPageIsTheOperatorsAlone() {
    HttpResponse<String> page = get("admin/tenants.xhtml", Kefu.basic(operator, PASSWORD));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("tenantsForm:tenantsTable").contains("navTenants");
    assertThat(page.body()).doesNotContain("navSites").as("the operator is no admin");
    assertThat(get("admin/tenants.xhtml", Kefu.basic()).statusCode()).isEqualTo(403);
    HttpResponse<String> adminsPage = get("admin/sites.xhtml", Kefu.basic());
    assertThat(adminsPage.body()).doesNotContain("navTenants");
    assertThat(get("admin/sites.xhtml", Kefu.basic(operator, PASSWORD)).statusCode())
        .isEqualTo(403);
  }

  private HttpResponse<String> newAgent(String authorization, String username) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/accounts"))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("username", username)
                        .add("password", "agent-secret-1")
                        .build()
                        .toString())));
  }

  private String hello() {
    return "{\"type\":\"hello\",\"protocol\":1,\"locale\":\"en\",\"page\":{\"url\":\""
        + kefu.origin
        + "/demo/\",\"title\":\"Demo\"}}";
  }

  /** Signs in as the sign-in page does; answers the session cookie. */
  private String signIn(String username, String password) {
    HttpResponse<String> response = signInRequest(username, password);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("KFSESSION="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow();
  }

  private int signInStatus(String username, String password) {
    return signInRequest(username, password).statusCode();
  }

  private HttpResponse<String> signInRequest(String username, String password) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
            .header("Content-Type", "application/json")
            .header("Origin", kefu.origin)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("username", username)
                        .add("password", password)
                        .build()
                        .toString())));
  }

  private HttpResponse<String> getWithCookie(String path, String cookie) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve(path)).header("Cookie", cookie).GET());
  }

  private HttpResponse<String> put(String path, String body, String authorization) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve(path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> delete(String path, String authorization) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve(path))
            .header("Authorization", authorization)
            .DELETE());
  }

  private HttpResponse<String> found(String adminUsername, String password, String authorization) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/tenants"))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("name", "Tenant of " + adminUsername)
                        .add("adminUsername", adminUsername)
                        .add("adminPassword", password)
                        .build()
                        .toString())));
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
