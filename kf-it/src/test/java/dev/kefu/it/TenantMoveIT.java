package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A tenant moves between installations: the platform operator exports a tenant with 10,000
 * conversations and their files, removes it, imports the export, and the tenant is back unchanged
 * (a second export holds the very same rows and bytes), its staff sign in with their passwords and
 * find their visitors by name (the encrypted values and their lookup hashes made again). A broken,
 * foreign or second import changes nothing; nobody but the operator moves tenants.
 */
@ExtendWith(KefuServer.class)
@KefuServer.Settings("kf.tenancy=multi")
@Order(Integer.MAX_VALUE - 1)
@ResourceLock(KefuServer.RESOURCE)
class TenantMoveIT {

  private static final String PASSWORD = "mover-secret-" + UUID.randomUUID();
  private static final int CONVERSATIONS = 10_000;
  private static final int FILES = 25;

  Kefu kefu;
  String operator;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    operator = "mover-" + UUID.randomUUID().toString().substring(0, 8);
    kefu.fixture(
        "accounts", Map.of("username", operator, "password", PASSWORD, "roles", "kf-platform"));
  }

  @Test
  void aTenantWithTenThousandConversationsSurvivesExportRemovalAndImportUnchanged()
      throws IOException {
    String adminName = "moved-admin-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject tenant =
        json(kefu.fixture("tenants", Map.of("username", adminName, "password", PASSWORD)));
    String tenantId = tenant.getString("tenantId");
    String made =
        kefu.fixture(
            "tenants/" + tenantId + "/bulk",
            Map.of(
                "siteId", tenant.getString("siteId"),
                "departmentId", tenant.getString("departmentId"),
                "agentId", tenant.getString("adminId"),
                "conversations", Integer.toString(CONVERSATIONS),
                "files", Integer.toString(FILES)));
    assertThat(made.strip()).isEqualTo(Integer.toString(CONVERSATIONS));
    String admin = Kefu.basic(adminName, PASSWORD);
    String nameOfOne = "王小明 3";
    assertThat(visitorsNamed(nameOfOne, admin)).isEqualTo(1);

    // Only the operator moves tenants.
    assertThat(call("GET", "tenants/" + tenantId + "/export", admin, null).statusCode())
        .isEqualTo(403);
    assertThat(call("POST", "tenants/import", admin, new byte[] {1}).statusCode()).isEqualTo(403);

    assertThat(call("PUT", "tenants/" + tenantId + "/suspension", operator(), null).statusCode())
        .isEqualTo(200);
    byte[] first = ok(call("GET", "tenants/" + tenantId + "/export", operator(), null), 200);
    Map<String, byte[]> before = entries(first);
    assertThat(before).containsKeys("manifest.json", "summary.json");
    assertThat(before.keySet().stream().filter(n -> n.startsWith("files/"))).hasSize(FILES + 0);
    JsonObject counts = json(new String(before.get("summary.json"), StandardCharsets.UTF_8));
    assertThat(counts.getJsonObject("rows").getInt("conversation")).isEqualTo(CONVERSATIONS + 1);
    assertThat(counts.getJsonObject("rows").getInt("message")).isEqualTo(CONVERSATIONS * 3 + FILES);
    assertThat(new String(before.get("tables/10-visitor.ndjson"), StandardCharsets.UTF_8))
        .as("names travel in clear, without the lookup hashes of this installation")
        .contains(nameOfOne)
        .doesNotContain("name_index");

    // Removed: nothing of it is left.
    assertThat(call("DELETE", "tenants/" + tenantId, operator(), null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "tenants/" + tenantId + "/export", operator(), null).statusCode())
        .isEqualTo(404);
    assertThat(call("GET", "sites", admin, null).statusCode()).isEqualTo(401);

    // A broken export changes nothing; then the real one brings the tenant back.
    byte[] cut = Arrays.copyOf(first, first.length / 2);
    HttpResponse<byte[]> refused = call("POST", "tenants/import", operator(), cut);
    assertThat(refused.statusCode()).as(text(refused)).isEqualTo(400);
    assertThat(text(refused)).contains("import_invalid");
    assertThat(call("GET", "tenants/" + tenantId + "/export", operator(), null).statusCode())
        .as("nothing of a refused import stays")
        .isEqualTo(404);
    HttpResponse<byte[]> imported = call("POST", "tenants/import", operator(), first);
    assertThat(imported.statusCode()).as(text(imported)).isEqualTo(201);
    assertThat(json(text(imported)).getInt("files")).isEqualTo(FILES);
    HttpResponse<byte[]> again = call("POST", "tenants/import", operator(), first);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(text(again)).contains("tenant_exists");

    byte[] second = ok(call("GET", "tenants/" + tenantId + "/export", operator(), null), 200);
    Map<String, byte[]> after = entries(second);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (String name : before.keySet()) {
      if (!name.equals("manifest.json")) {
        assertThat(after.get(name)).as("%s after the round trip", name).isEqualTo(before.get(name));
      }
    }

    // Its staff work as before: they sign in, and find a visitor by name.
    assertThat(call("DELETE", "tenants/" + tenantId + "/suspension", operator(), null).statusCode())
        .isEqualTo(200);
    assertThat(call("GET", "sites", admin, null).statusCode()).isEqualTo(200);
    assertThat(visitorsNamed(nameOfOne, admin)).isEqualTo(1);
    String fileId =
        json(new String(before.get("tables/14-kf_file.ndjson"), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElseThrow())
            .getString("id");
    assertThat(call("GET", "files/" + fileId, admin, null).statusCode()).isEqualTo(200);

    // A tenant still in use is not removed.
    assertThat(call("DELETE", "tenants/" + tenantId, operator(), null).statusCode()).isEqualTo(409);
  }

  private int visitorsNamed(String name, String admin) {
    HttpResponse<byte[]> found =
        call(
            "GET",
            "history/conversations?visitor=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
            admin,
            null);
    assertThat(found.statusCode()).as(text(found)).isEqualTo(200);
    return json(text(found)).getInt("total");
  }

  private String operator() {
    return Kefu.basic(operator, PASSWORD);
  }

  private HttpResponse<byte[]> call(String method, String path, String authorization, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/" + path))
            .header("Authorization", authorization)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", "application/zip");
    }
    try {
      return java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1)
          .build()
          .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] ok(HttpResponse<byte[]> response, int status) {
    assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
    return response.body();
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** The export's entries by name, in their order. */
  private static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        entries.put(entry.getName(), bytes.toByteArray());
      }
    }
    return entries;
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
