package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Staff accounts as admins manage them and as their holders live with it: a disabled account is
 * signed out at once (its session answers 401 at the next request, its console socket closes with
 * 1008), its password no longer signs in (403 {@code account_disabled}, HTTP Basic 401), and
 * enabling it lets it back in; an admin cannot disable themselves; anyone changes their own
 * password given the current one. Each test makes accounts of its own.
 */
@ExtendWith(KefuServer.class)
class StaffIT {

  Kefu kefu;
  String run;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aDisabledAccountIsSignedOutAtOnceAndSignsInAgainOnlyOnceEnabled() throws Exception {
    String user = "it-staff-" + run;
    String password = "password-" + run;
    String agentId = account(user, password);

    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    assertThat(login(browser, user, password).statusCode()).isEqualTo(200);
    assertThat(me(browser).statusCode()).isEqualTo(200);
    try (Socket console = Socket.open(kefu.agentUri(kefu.ticket(user, password)), kefu.origin)) {
      console.send("{\"type\":\"hello\",\"protocol\":1}");
      console.next("welcome");

      assertThat(admin("POST", "api/v1/accounts/" + agentId + "/disable", "").statusCode())
          .isEqualTo(204);

      assertThat(console.closeCode()).as("the console socket is closed at once").isEqualTo(1008);
    }
    HttpResponse<String> signedOut = me(browser);
    assertThat(signedOut.statusCode()).as("the session ends").isEqualTo(401);
    assertThat(me(browser).statusCode()).isEqualTo(401);
    assertThat(
            kefu.send(
                    HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/me"))
                        .header("Authorization", Kefu.basic(user, password))
                        .GET())
                .statusCode())
        .as("HTTP Basic")
        .isEqualTo(401);
    HttpResponse<String> refused =
        login(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), user, password);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).getString("error")).isEqualTo("account_disabled");
    assertThat(
            login(
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    user,
                    "wrong-" + run)
                .statusCode())
        .as("a wrong password learns nothing of the state")
        .isEqualTo(401);
    assertThat(kefu.post("api/v1/auth/ws-ticket", Kefu.basic(user, password)).statusCode())
        .isEqualTo(401);

    assertThat(admin("POST", "api/v1/accounts/" + agentId + "/enable", "").statusCode())
        .isEqualTo(204);
    HttpClient again =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    assertThat(login(again, user, password).statusCode()).isEqualTo(200);
    assertThat(me(again).statusCode()).isEqualTo(200);
    assertThat(kefu.ticket(user, password)).isNotBlank();

    String audit = admin("GET", "api/v1/audit", null).body();
    assertThat(audit).contains("agent.disabled,agent," + agentId);
    assertThat(audit).contains("agent.enabled,agent," + agentId);
  }

  @Test
  void anAdminCannotDisableTheirOwnAccount() {
    HttpResponse<String> me = admin("GET", "api/v1/auth/me", null);
    String adminId = json(me).getString("id");
    HttpResponse<String> refused = admin("POST", "api/v1/accounts/" + adminId + "/disable", "");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).getString("error")).isEqualTo("own_account");
    assertThat(admin("GET", "api/v1/auth/me", null).statusCode()).isEqualTo(200);
  }

  @Test
  void disablingIsForAdminsAndOnlyWithinTheirTenant() {
    String user = "it-staff-agent-" + run;
    String password = "password-" + run;
    String agentId = account(user, password);
    HttpResponse<String> byAgent =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/accounts/" + agentId + "/disable"))
                .header("Authorization", Kefu.basic(user, password))
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(byAgent.statusCode()).isEqualTo(403);
    assertThat(admin("POST", "api/v1/accounts/a-nobody/disable", "").statusCode()).isEqualTo(404);
  }

  @Test
  void aMemberOfStaffChangesTheirOwnPasswordGivenTheCurrentOne() {
    String user = "it-own-" + run;
    String first = "first-" + run;
    String second = "second-" + run;
    account(user, first);

    HttpResponse<String> wrong = ownPassword(user, first, "not-" + first, second);
    assertThat(wrong.statusCode()).as("a wrong current password is no sign-out").isEqualTo(400);
    assertThat(json(wrong).getString("error")).isEqualTo("wrong_password");
    assertThat(json(wrong).getString("field")).isEqualTo("currentPassword");

    HttpResponse<String> tooShort = ownPassword(user, first, first, "short");
    assertThat(tooShort.statusCode()).isEqualTo(400);
    assertThat(json(tooShort).getString("error")).isEqualTo("bad_password");
    assertThat(json(tooShort).getString("field")).isEqualTo("newPassword");

    HttpResponse<String> tooLong = ownPassword(user, first, first, "x".repeat(201));
    assertThat(tooLong.statusCode()).isEqualTo(400);

    assertThat(ownPassword(user, first, first, second).statusCode()).isEqualTo(204);
    assertThat(
            login(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), user, first)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            login(
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    user,
                    second)
                .statusCode())
        .isEqualTo(200);

    String audit = admin("GET", "api/v1/audit", null).body();
    assertThat(audit).contains("agent.password_changed");
    assertThat(audit).doesNotContain(first).doesNotContain(second);
  }

  @Test
  void changingOnesOwnPasswordNeedsASignIn() {
    HttpResponse<String> anonymous =
        kefu.send(
            HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/password"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"currentPassword\":\"x\",\"newPassword\":\"yyyyyyyyyy\"}")));
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> ownPassword(
      String user, String password, String current, String next) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/password"))
            .header("Authorization", Kefu.basic(user, password))
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("currentPassword", current)
                        .add("newPassword", next)
                        .build()
                        .toString())));
  }

  private String account(String user, String password) {
    HttpResponse<String> made =
        admin(
            "POST",
            "api/v1/accounts",
            Json.createObjectBuilder()
                .add("username", user)
                .add("name", "IT " + user)
                .add("password", password)
                .add("roles", Json.createArrayBuilder().add("kf-agent"))
                .build()
                .toString());
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    return json(made).getString("id");
  }

  private HttpResponse<String> admin(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kefu.base.resolve(path)).header("Authorization", Kefu.basic());
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return kefu.send(request);
  }

  private HttpResponse<String> login(HttpClient client, String user, String password)
      throws RuntimeException {
    try {
      return client.send(
          HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
              .header("Content-Type", "application/json")
              .header("X-Kefu-CSRF", "1")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      Json.createObjectBuilder()
                          .add("username", user)
                          .add("password", password)
                          .build()
                          .toString()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> me(HttpClient browser) {
    try {
      return browser.send(
          HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/me"))
              .header("X-Kefu-CSRF", "1")
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
