package dev.kefu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kefu with {@code KF_AUTH_MODE=oidc} against a real Keycloak that imported {@code kf-realm.json}
 * as shipped: staff sign in through Keycloak's own login page in chromium and use both consoles;
 * scripts call {@code /api/v1} with Keycloak's access tokens; signing out ends the Keycloak session
 * too; and neither a token nor a password shows up in Kefu's audit export or log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakSignInIT {

  private static final Path WORK =
      Path.of(System.getProperty("kf.browser.work")).resolve("keycloak-run");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String demoPassword;
  private static String apiSecret;
  private static String consoleSecret;
  private static KeycloakServer keycloak;
  private static KefuServer kefu;
  private static KeycloakAdmin admin;

  private static final int KEY_CACHE_SECONDS = 10;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(WORK);
    demoPassword = "demo-" + random();
    apiSecret = "api-" + random();
    consoleSecret = "console-" + random();
    int kefuPort = KefuServer.freePort();
    String kefuUrl = "http://127.0.0.1:" + kefuPort;
    keycloak =
        KeycloakServer.start(
            Path.of(System.getProperty("kf.browser.keycloak")),
            Path.of(System.getProperty("kf.browser.realm")),
            WORK,
            Map.of(
                "KF_DEMO_PASSWORD", demoPassword,
                "KF_OIDC_CLIENT_SECRET", consoleSecret,
                "KF_API_CLIENT_SECRET", apiSecret,
                "KF_PUBLIC_URL", kefuUrl));
    kefu =
        KefuServer.start(
            Path.of(System.getProperty("kf.browser.server")),
            Path.of(System.getProperty("kf.browser.war")),
            WORK,
            "local-" + random(),
            kefuPort,
            Map.of(
                "KF_AUTH_MODE",
                "oidc",
                "KF_OIDC_ISSUER",
                keycloak.issuer(),
                "KF_OIDC_CLIENT_SECRET",
                consoleSecret,
                // Short, so that the browser test sees a session ended in Keycloak end in Kefu.
                "KF_OIDC_SESSION_CHECK_SECONDS",
                "10",
                // Short, so that a removed signing key stops passing within the test.
                "KF_OIDC_JWKS_CACHE_SECONDS",
                String.valueOf(KEY_CACHE_SECONDS)));
    admin = new KeycloakAdmin(keycloak, demoPassword);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (kefu != null) {
        kefu.close();
      }
    } finally {
      if (keycloak != null) {
        keycloak.close();
      }
    }
  }

  @Test
  @Order(1)
  void anApiClientCallsTheApiWithAKeycloakToken() throws Exception {
    String agent = accessToken("agent");
    HttpResponse<String> me = api("auth/me", agent);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(me.body()).contains("Ann Agent").contains("kf-agent").doesNotContain("kf-admin");
    assertThat(api("sites", agent).statusCode()).as("an agent may not list sites").isEqualTo(403);

    String admin = accessToken("admin");
    HttpResponse<String> sites = api("sites", admin);
    assertThat(sites.statusCode()).as(sites.body()).isEqualTo(200);
    assertThat(sites.body()).contains("Demo site");
  }

  @Test
  @Order(2)
  void aForgedOrMissingTokenIsRefused() throws Exception {
    String token = accessToken("agent");
    String[] parts = token.split("\\.");
    String changed = parts[0] + "." + parts[1] + "x." + parts[2];
    assertThat(api("auth/me", changed).statusCode()).isEqualTo(401);
    String unsigned = parts[0] + "." + parts[1] + ".";
    assertThat(api("auth/me", unsigned).statusCode()).isEqualTo(401);
    assertThat(api("auth/me", null).statusCode()).isEqualTo(401);
  }

  @Test
  @Order(3)
  void localPasswordsAreSwitchedOff() throws Exception {
    HttpResponse<String> login =
        HTTP.send(
            HttpRequest.newBuilder(kefu.baseUrl().resolve("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .header("Origin", kefu.baseUrl().toString())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + demoPassword + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.body()).contains("oidc_only");
  }

  @Test
  @Order(4)
  void staffSignInThroughKeycloaksLoginPageAndUseTheConsoles() throws Exception {
    int exit =
        NodeScenarios.run(
            Path.of(System.getProperty("kf.browser.node")),
            "tests/oidc",
            Path.of(System.getProperty("kf.browser.work")),
            "keycloak-browser-tests.log",
            Map.of(
                "BASE_URL",
                kefu.baseUrl().toString(),
                "KEYCLOAK_URL",
                keycloak.baseUrl().toString(),
                "KEYCLOAK_ADMIN",
                KeycloakServer.ADMIN,
                "DEMO_PASSWORD",
                demoPassword));
    NodeScenarios.assertPassed(
        exit, Path.of(System.getProperty("kf.browser.work")).resolve("keycloak-browser-tests.log"));
  }

  @Test
  @Order(5)
  void everySignInIsAuditedAndNoSecretIsWrittenAnywhere() throws Exception {
    String admin = accessToken("admin");
    HttpResponse<String> audit = api("audit", admin);
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    assertThat(audit.body())
        .as("sign-ins through the login page")
        .containsPattern("signin\\.success.*oidc|oidc.*signin\\.success");
    assertThat(audit.body())
        .as("sign-ins with a bearer token")
        .containsPattern("signin\\.success.*api|api.*signin\\.success");
    assertThat(audit.body()).as("the forged tokens").contains("signin.failure");
    // What the script printed and the server's whole log.
    String log =
        Files.readString(kefu.log(), StandardCharsets.UTF_8)
            + Files.readString(kefu.serverLog(), StandardCharsets.UTF_8);
    for (String secret : new String[] {demoPassword, apiSecret, consoleSecret, admin}) {
      assertThat(audit.body()).doesNotContain(secret);
      assertThat(log).doesNotContain(secret);
    }
    assertThat(audit.body()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{20,}");
    assertThat(log).doesNotContainPattern("eyJ[A-Za-z0-9_-]{20,}");
  }

  @Test
  @Order(6)
  void aKeycloakUserNamedAdminGetsAnAccountOfTheirOwnNotTheLocalAdmins() throws Exception {
    JsonObject provided = me(accessToken("admin"));
    assertThat(provided.getString("name")).isEqualTo("Ada Admin");
    assertThat(provided.getString("username"))
        .as("the local account holds the name admin")
        .matches("admin~[0-9a-f]{8}");
    HttpResponse<String> staff = api("agents", accessToken("admin"));
    assertThat(staff.statusCode()).as(staff.body()).isEqualTo(200);
    JsonArray accounts = KeycloakAdmin.array(staff.body());
    assertThat(accounts.getValuesAs(JsonObject.class))
        .as("the local admin made at first start is still its own account")
        .anySatisfy(
            a -> {
              assertThat(a.getString("name")).isEqualTo("Admin");
              assertThat(a.getString("id")).isNotEqualTo(provided.getString("id"));
            });
  }

  @Test
  @Order(7)
  void aUserRenamedInKeycloakKeepsTheirAccount() throws Exception {
    admin.allowRenaming();
    String password = "pw-" + random();
    admin.createUser("rita", "Rita", password, "kf-agent");
    JsonObject before =
        me(tokens("kefu-api", apiSecret, "rita", password).getString("access_token"));
    assertThat(before.getString("username")).isEqualTo("rita");

    admin.renameUser("rita", "rita.moved");
    JsonObject after =
        me(tokens("kefu-api", apiSecret, "rita.moved", password).getString("access_token"));
    assertThat(after.getString("id"))
        .as("the same account, with its conversations and audit trail")
        .isEqualTo(before.getString("id"));
    assertThat(after.getString("username")).isEqualTo("rita.moved");
  }

  @Test
  @Order(8)
  void aDeletedAndRecreatedUserOfTheSameNameGetsANewAccount() throws Exception {
    String password = "pw-" + random();
    admin.createUser("temp", "Tim", password, "kf-agent");
    JsonObject first =
        me(tokens("kefu-api", apiSecret, "temp", password).getString("access_token"));
    admin.deleteUser("temp");
    admin.createUser("temp", "Tom", password, "kf-agent");
    JsonObject second =
        me(tokens("kefu-api", apiSecret, "temp", password).getString("access_token"));
    assertThat(second.getString("id")).isNotEqualTo(first.getString("id"));
    assertThat(second.getString("name")).isEqualTo("Tom Tester");
    assertThat(second.getString("username")).as("first holds the name").startsWith("temp~");
  }

  @Test
  @Order(9)
  void anIdTokenOrATokenForAnotherClientIsNoBearerToken() throws Exception {
    String idToken = tokens("kefu-api", apiSecret, "agent", demoPassword).getString("id_token");
    assertThat(api("auth/me", idToken).statusCode()).isEqualTo(401);
    // admin-cli: a client of the realm that names no audience of Kefu's API.
    String otherClient = tokens("admin-cli", null, "agent", demoPassword).getString("access_token");
    assertThat(api("auth/me", otherClient).statusCode()).isEqualTo(401);

    String audit = api("audit", accessToken("admin")).body();
    assertThat(audit).contains("bearer_not_an_access_token").contains("bearer_wrong_audience");
  }

  @Test
  @Order(10)
  void aTokenSignedWithARemovedKeyIsRefusedWithinTheKeyCacheTime() throws Exception {
    String signedBefore = accessToken("agent");
    assertThat(api("auth/me", signedBefore).statusCode()).isEqualTo(200);

    admin.rotateSigningKeys();

    await("the old key's token refused")
        .atMost(Duration.ofSeconds(KEY_CACHE_SECONDS * 4L + 10))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> api("auth/me", signedBefore).statusCode() == 401);
    assertThat(api("auth/me", accessToken("agent")).statusCode())
        .as("a token signed with the new key")
        .isEqualTo(200);
    assertThat(api("audit", accessToken("admin")).body()).contains("bearer_unknown_key");
  }

  /** A token of the API client by the password grant, as a script of an IT team would get one. */
  private static String accessToken(String user) throws IOException, InterruptedException {
    return tokens("kefu-api", apiSecret, user, demoPassword).getString("access_token");
  }

  /** The token answer of the realm's password grant for this client. */
  private static JsonObject tokens(String client, String secret, String user, String password)
      throws IOException, InterruptedException {
    String form =
        "grant_type=password&client_id="
            + client
            + (secret == null
                ? ""
                : "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8))
            + "&username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&scope=openid";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return KeycloakAdmin.object(response.body());
  }

  /** Who Kefu takes the bearer of this token for. */
  private static JsonObject me(String token) throws IOException, InterruptedException {
    HttpResponse<String> me = api("auth/me", token);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    return KeycloakAdmin.object(me.body());
  }

  private static HttpResponse<String> api(String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.baseUrl().resolve("/api/v1/" + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String random() {
    byte[] bytes = new byte[8];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
