package dev.kefu.web.boundary;

import dev.kefu.shared.PublicAddress;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.Site;
import dev.kefu.web.control.RequestScheme;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A sample shop page served by Kefu itself, with the widget of the demo site embedded exactly as a
 * customer would embed it.
 */
@WebServlet("/demo/")
public class DemoPage extends HttpServlet {

  @Inject Sites sites;
  @Inject PublicAddress publicAddress;

  private String template;

  @Override
  public void init() {
    try (InputStream in = DemoPage.class.getResourceAsStream("/dev/kefu/web/demo.html")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the demo page template is missing", e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<Site> site = sites.demoSite();
    if (site.isEmpty()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND, "no site to demonstrate");
      return;
    }
    String baseUrl =
        publicAddress.of(
            request.isSecure(),
            request.getHeader(RequestScheme.FORWARDED_PROTO),
            request.getRemoteAddr(),
            request.getHeader("Host"),
            request.getContextPath());
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response
        .getWriter()
        .write(
            template
                .replace("{{baseUrl}}", escape(baseUrl))
                .replace("{{siteKey}}", escape(site.get().siteKey())));
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
