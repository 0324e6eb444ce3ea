package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin console's Sites page as a signed-in browser holds it: its Faces view state and, since
 * PrimeFaces runs in CSP mode, the nonce its Ajax requests carry. {@link #ajax} posts as the page's
 * scripts do.
 */
final class SitesPage {

  private static final Pattern VIEW_STATE =
      Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

  private final Kefu kefu;
  private final HttpClient browser;
  final String body;
  final String viewState;
  final String nonce;

  private SitesPage(Kefu kefu, HttpClient browser, String body) {
    this.kefu = kefu;
    this.browser = browser;
    this.body = body;
    this.viewState = find(VIEW_STATE, "the page's view state");
    this.nonce = find(NONCE, "the page's script nonce (PrimeFaces' CSP mode)");
  }

  /** Opens the page in this browser (its cookies are the session). */
  static SitesPage open(Kefu kefu, HttpClient browser) throws Exception {
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(kefu.base.resolve("admin/sites.xhtml")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    return new SitesPage(kefu, browser, page.body());
  }

  /**
   * A Faces Ajax request of the page; the view state and the nonce are the page's unless {@code
   * fields} names others. Answers the partial response.
   */
  String ajax(Map<String, String> fields) throws Exception {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("jakarta.faces.partial.ajax", "true");
    all.putAll(fields);
    all.putIfAbsent("jakarta.faces.ViewState", viewState);
    all.putIfAbsent("primefaces.nonce", nonce);
    HttpResponse<String> answer =
        browser.send(
            HttpRequest.newBuilder(kefu.base.resolve("admin/sites.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Faces-Request", "partial/ajax")
                .header("X-Requested-With", "XMLHttpRequest")
                .POST(HttpRequest.BodyPublishers.ofString(Fixtures.form(all)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  private String find(Pattern pattern, String what) {
    Matcher matcher = pattern.matcher(body);
    assertThat(matcher.find()).as(what).isTrue();
    return matcher.group(1);
  }
}
