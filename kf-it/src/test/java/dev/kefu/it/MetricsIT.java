package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kefu.it.Kefu.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics}: Kefu's figures in Prometheus's text format, for the bearer token of {@code
 * kf.metrics.token} only, moving as visitors chat, err and the sweeps run; and the Grafana
 * dashboard of {@code server-config/grafana} asks only for figures the node serves.
 */
@ExtendWith(KefuServer.class)
class MetricsIT {

  private static final String TOKEN = System.getProperty("kf.it.metrics.token", "it-metrics-token");
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$", Pattern.MULTILINE);

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void onlyTheTokenOfTheSettingReadsTheMetricsAndTheServersOwnAreOff() {
    HttpResponse<String> none = scrape(null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"kefu-metrics\"");
    assertThat(none.body()).doesNotContain("kefu_").doesNotContain("jvm_");
    assertThat(scrape("Bearer not-" + TOKEN).statusCode()).isEqualTo(401);
    assertThat(scrape(Kefu.basic()).statusCode())
        .as("an admin's password is no token")
        .isEqualTo(401);
    // The application server's MicroProfile Metrics would answer these to anyone; switched off, it
    // refuses them (403), or Kefu answers them as its own paths.
    for (String path : new String[] {"metrics?scope=base", "metrics/base", "metrics/vendor"}) {
      HttpResponse<String> server =
          kefu.send(HttpRequest.newBuilder(kefu.base.resolve(path)).GET());
      assertThat(server.statusCode()).as(path).isIn(401, 403, 404);
      assertThat(server.body()).as(path).doesNotContain("jvm_").doesNotContain("base_");
    }

    HttpResponse<String> metrics = scrape("Bearer " + TOKEN);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain")
        .contains("version=0.0.4");
    assertThat(metrics.headers().firstValue("Cache-Control")).contains("no-store");
    // Every sample line belongs to a family announced with its HELP and TYPE.
    Set<String> families = families(metrics.body());
    Matcher sample = SAMPLE.matcher(metrics.body());
    while (sample.find()) {
      String name = sample.group(1).replaceFirst("\\{.*", "");
      assertThat(families)
          .as("family of %s", sample.group(1))
          .containsAnyOf(name, name.replaceFirst("_(bucket|sum|count)$", ""));
      assertThat(sample.group(2)).matches("-?[0-9.E+-]+|NaN|[+-]Inf");
    }
    assertThat(families)
        .contains(
            "kefu_sockets",
            "kefu_messages_total",
            "kefu_ack_seconds",
            "kefu_assignment_seconds",
            "kefu_queue_conversations",
            "kefu_queue_oldest_wait_seconds",
            "kefu_errors_total",
            "kefu_sweeps_total",
            "kefu_sweep_seconds",
            "process_cpu_seconds_total",
            "jvm_memory_bytes_used");
  }

  @Test
  void theFiguresMoveAsVisitorsChatErrAndTheSweepsRun() {
    Map<String, Double> before = values(scrape("Bearer " + TOKEN).body());
    try (Visitor visitor = kefu.visitor()) {
      visitor.socket().send(Kefu.send("how much is shipping?"));
      visitor.socket().next("ack");
      visitor.socket().send(Kefu.send("and to Shanghai?"));
      visitor.socket().next("ack");
      visitor.socket().send("not a frame");
      assertThat(visitor.socket().next("error").string("code")).isEqualTo("bad_request");
      kefu.send(
          HttpRequest.newBuilder(kefu.base.resolve("api/v1/no-such-thing"))
              .header("Authorization", Kefu.basic())
              .GET());

      Map<String, Double> open = values(scrape("Bearer " + TOKEN).body());
      assertThat(open.get("kefu_sockets{side=\"visitor\"}")).isGreaterThanOrEqualTo(1);
      assertThat(moved(before, open, "kefu_messages_total{sender=\"visitor\"}"))
          .isGreaterThanOrEqualTo(2);
      assertThat(moved(before, open, "kefu_ack_seconds_count{side=\"visitor\"}"))
          .isGreaterThanOrEqualTo(2);
      assertThat(open.get("kefu_ack_seconds_bucket{side=\"visitor\",le=\"+Inf\"}"))
          .isEqualTo(open.get("kefu_ack_seconds_count{side=\"visitor\"}"));
      assertThat(moved(before, open, "kefu_errors_total{edge=\"socket\",code=\"bad_request\"}"))
          .isGreaterThanOrEqualTo(1);
      assertThat(moved(before, open, "kefu_errors_total{edge=\"http\",code=\"404\"}"))
          .isGreaterThanOrEqualTo(1);
      assertThat(open.get("kefu_queue_conversations")).isGreaterThanOrEqualTo(0);
    }
    // The sweep of unanswered conversations runs every 5 s.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        moved(
                            before,
                            values(scrape("Bearer " + TOKEN).body()),
                            "kefu_sweeps_total{sweep=\"unanswered_conversations\",outcome=\"done\"}"))
                    .isGreaterThanOrEqualTo(1));
  }

  /**
   * The dashboard is a Grafana dashboard to import (its data source an input, as Grafana exports
   * them), and each of its queries asks for families this node serves.
   */
  @Test
  void theDashboardAsksOnlyForFiguresTheNodeServes() throws Exception {
    Path file =
        Path.of(System.getProperty("kf.it.repository", ".."))
            .resolve("server-config/grafana/kefu-dashboard.json");
    JsonObject dashboard = Json.createReader(new StringReader(Files.readString(file))).readObject();
    assertThat(dashboard.getString("uid")).isNotBlank();
    assertThat(dashboard.getString("title")).isEqualTo("Kefu");
    assertThat(dashboard.getInt("schemaVersion")).isGreaterThanOrEqualTo(36);
    assertThat(dashboard.getJsonArray("__inputs").getJsonObject(0).getString("name"))
        .isEqualTo("DS_PROMETHEUS");
    Set<String> families = families(scrape("Bearer " + TOKEN).body());
    Set<Integer> ids = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:kefu|process|jvm)_[a-z_]+)\\b");
    int queries = 0;
    for (JsonValue value : dashboard.getJsonArray("panels")) {
      JsonObject panel = value.asJsonObject();
      assertThat(ids.add(panel.getInt("id"))).as("panel ids are unique").isTrue();
      assertThat(panel.getString("type")).isEqualTo("timeseries");
      assertThat(panel.getString("title")).isNotBlank();
      JsonObject grid = panel.getJsonObject("gridPos");
      assertThat(grid.getInt("x") + grid.getInt("w")).isLessThanOrEqualTo(24);
      assertThat(panel.getJsonObject("datasource").getString("uid")).isEqualTo("${DS_PROMETHEUS}");
      for (JsonValue t : panel.getJsonArray("targets")) {
        String expr = t.asJsonObject().getString("expr");
        assertThat(t.asJsonObject().getString("refId")).isNotBlank();
        Matcher names = metric.matcher(expr);
        assertThat(names.find()).as("a metric in %s", expr).isTrue();
        do {
          String name = names.group(1);
          assertThat(families)
              .as("the family %s of the query %s", name, expr)
              .containsAnyOf(name, name.replaceFirst("_(bucket|sum|count)$", ""));
        } while (names.find());
        queries++;
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(10);
  }

  private HttpResponse<String> scrape(String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(kefu.base.resolve("metrics")).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return kefu.send(request);
  }

  private static Set<String> families(String exposition) {
    Set<String> families = new TreeSet<>();
    Matcher type = Pattern.compile("^# TYPE (\\S+) \\S+$", Pattern.MULTILINE).matcher(exposition);
    while (type.find()) {
      families.add(type.group(1));
    }
    return families;
  }

  private static Map<String, Double> values(String exposition) {
    Map<String, Double> values = new HashMap<>();
    Matcher sample = SAMPLE.matcher(exposition);
    while (sample.find()) {
      String number = sample.group(2);
      values.put(
          sample.group(1),
          number.equals("+Inf")
              ? Double.POSITIVE_INFINITY
              : number.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(number));
    }
    return values;
  }

  private static double moved(Map<String, Double> before, Map<String, Double> after, String key) {
    assertThat(after).as("samples").containsKey(key);
    return after.get(key) - before.getOrDefault(key, 0.0);
  }
}
