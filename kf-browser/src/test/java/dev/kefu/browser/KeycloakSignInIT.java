package dev.kefu.browser;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                "10"));
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
    assertThat(exit)
        .as("exit code of node --test; the failing steps are in the output above")
        .isZero();
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
    String log = Files.readString(kefu.log(), StandardCharsets.UTF_8);
    for (String secret : new String[] {demoPassword, apiSecret, consoleSecret, admin}) {
      assertThat(audit.body()).doesNotContain(secret);
      assertThat(log).doesNotContain(secret);
    }
    assertThat(audit.body()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{20,}");
    assertThat(log).doesNotContainPattern("eyJ[A-Za-z0-9_-]{20,}");
  }

  /** A token of the API client by the password grant, as a script of an IT team would get one. */
  private static String accessToken(String user) throws IOException, InterruptedException {
    String form =
        "grant_type=password&client_id=kefu-api&client_secret="
            + URLEncoder.encode(apiSecret, StandardCharsets.UTF_8)
            + "&username="
            + user
            + "&password="
            + URLEncoder.encode(demoPassword, StandardCharsets.UTF_8)
            + "&scope=openid";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Matcher token =
        Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
    assertThat(token.find()).isTrue();
    return token.group(1);
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
