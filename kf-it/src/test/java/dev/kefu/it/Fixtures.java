package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.it.fixture.TestFixture;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the tests of the hardened edge ask of the {@link TestFixture} in the deployment: sites of
 * their own, expired tokens, the server's log, and the audit export since a moment.
 */
final class Fixtures {

  /** A site made for one test: its id, public key and identity-verification secret. */
  record TestSite(String id, String key, String secret) {}

  private final Kefu kefu;

  Fixtures(Kefu kefu) {
    this.kefu = kefu;
  }

  /** A new site whose pages may come from {@code origins}. */
  TestSite site(boolean identityRequired, String... origins) {
    String[] lines =
        ok(post(
                "api/v1/it/sites",
                Map.of(
                    "origins", String.join(",", origins),
                    "identityRequired", String.valueOf(identityRequired))))
            .body()
            .split("\n");
    return new TestSite(lines[0], lines[1], lines[2]);
  }

  String expiredVisitorToken(String siteId, String visitorId) {
    return ok(post(
            "api/v1/it/expired-visitor-token", Map.of("siteId", siteId, "visitorId", visitorId)))
        .body();
  }

  String demoSiteSecret() {
    return ok(get("api/v1/it/site-secret")).body();
  }

  /** What the server has logged since it started. */
  String serverLog() {
    return ok(get("api/v1/it/log")).body();
  }

  /** A mark in the server's log, for {@link #serverLogSince}. */
  long logMark() {
    return Long.parseLong(ok(get("api/v1/it/log/mark")).body().trim());
  }

  /** What the server has logged after {@code mark}. */
  String serverLogSince(long mark) {
    return ok(get("api/v1/it/log/since/" + mark)).body();
  }

  /** The audit events since {@code from}, as an admin exports them. */
  AuditRows audit(Instant from) {
    return AuditRows.parse(
        ok(get("api/v1/audit?from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)))
            .body());
  }

  /** The hex HMAC-SHA256 a site's back end computes over {@code userId:ts}. */
  static String identityHash(String secret, String userId, long ts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal((userId + ":" + ts).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> get(String path) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve(path)).header("Authorization", Kefu.basic()));
  }

  private HttpResponse<String> post(String path, Map<String, String> fields) {
    return kefu.send(
        HttpRequest.newBuilder(kefu.base.resolve(path))
            .header("Authorization", Kefu.basic())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            field ->
                URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }
}
