package dev.kefu.web.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers of {@code /widget.js}, the script customers' pages load. Browsers would otherwise cache
 * it by heuristics for days after an upgrade; five minutes keeps visitors close to the server's
 * version while the ETag still saves the download. It may be loaded by pages of any origin,
 * including pages that isolate themselves with {@code Cross-Origin-Embedder-Policy}. Its charset is
 * named because a page in GBK or Big5 would otherwise decode the script's Chinese texts as its own.
 */
@WebFilter("/widget.js")
public class WidgetScriptHeaders extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "public, max-age=300");
    response.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    response.setHeader("X-Content-Type-Options", "nosniff");
    chain.doFilter(request, response);
  }
}
