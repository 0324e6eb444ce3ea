package dev.kefu.web.boundary;

import dev.kefu.metrics.boundary.Metrics;
import dev.kefu.web.control.ErrorAnswer;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Under {@code /api/}, an error the container or the JAX-RS runtime would answer with the server's
 * HTML error page ({@code sendError}: a header Jersey cannot parse, an address outside {@code
 * /api/v1}) is answered in Kefu's error shape instead, so that an API client never gets a page
 * naming the server's internals. An address outside {@code /api/v1} goes no further than here.
 * Every answer of 400 or above is counted in the metrics ({@code kefu_errors_total{edge="http"}}).
 */
public class ApiErrorAnswers extends HttpFilter {

  private static final String API = "/api/v1";

  @Inject transient Metrics metrics;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    JsonErrors answers = new JsonErrors(response);
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.equals(API) || path.startsWith(API + "/")) {
      try {
        chain.doFilter(request, answers);
      } finally {
        if (answers.getStatus() >= 400) {
          metrics.errors().inc("http", Integer.toString(answers.getStatus()));
        }
      }
    } else {
      // Nothing but the API lives here: /api/ must not reach a welcome page (a Faces view that is
      // not there, whose failure the Faces runtime logs with its stack trace).
      answers.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  private static final class JsonErrors extends HttpServletResponseWrapper {

    JsonErrors(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void sendError(int status) throws IOException {
      answer(status);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
      // The container's or runtime's message is not passed on: it may name internals.
      answer(status);
    }

    private void answer(int status) throws IOException {
      if (isCommitted()) {
        throw new IllegalStateException("the answer has been sent already");
      }
      resetBuffer();
      byte[] body = ErrorAnswer.forStatus(status).getBytes(StandardCharsets.UTF_8);
      setStatus(status);
      setContentType("application/json");
      setCharacterEncoding("UTF-8");
      setContentLength(body.length);
      try {
        getOutputStream().write(body);
      } catch (IllegalStateException writerInUse) {
        getWriter().write(new String(body, StandardCharsets.UTF_8));
      }
      flushBuffer();
    }
  }
}
