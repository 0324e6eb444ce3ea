package dev.kefu.web.boundary;

import dev.kefu.web.control.BodyLimits;
import dev.kefu.web.control.BoundedInput;
import dev.kefu.web.control.ErrorAnswer;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds every request body by bytes before anything reads it into memory ({@link BodyLimits}). A
 * body whose announced {@code Content-Length} is over its limit is refused at once with 413 {@code
 * payload_too_large}, before any of it is read; then a few times the limit of it is read and
 * dropped, never kept, so that a client still sending sees the answer. A body of unannounced length
 * (chunked, or HTTP/2 without {@code Content-Length}) is counted as the REST API reads it and
 * refused as soon as it passes the limit. Pages, and form posts anywhere, which the container
 * parses itself past any wrapper, take only bodies of announced length (411 otherwise), as browsers
 * send them.
 */
public class RequestBodyLimits extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(RequestBodyLimits.class.getName());

  /** Methods whose body the container never parses as form parameters. */
  private static final Set<String> WITHOUT_PARAMETERS = Set.of("GET", "HEAD", "OPTIONS");

  @Inject
  @ConfigProperty(name = "kf.http.max-body-bytes", defaultValue = "262144")
  long apiMaxBytes;

  @Inject
  @ConfigProperty(name = "kf.http.sign-in-max-bytes", defaultValue = "8192")
  long signInMaxBytes;

  @Inject
  @ConfigProperty(name = "kf.http.console-max-bytes", defaultValue = "1048576")
  long consoleMaxBytes;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    BodyLimits limits = new BodyLimits(apiMaxBytes, signInMaxBytes, consoleMaxBytes);
    String method = request.getMethod();
    String type = request.getContentType();
    long limit = limits.of(method, path, type);
    if (limit < 0) {
      chain.doFilter(request, response);
      return;
    }
    long length = request.getContentLengthLong();
    if (length > limit) {
      LOG.fine(() -> "request body of " + length + " bytes refused on " + path);
      ErrorAnswer.write(
          response,
          HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
          "payload_too_large",
          "the request body is larger than " + limit + " bytes");
      response.flushBuffer();
      // Read and dropped, never kept: a client still sending would otherwise miss the answer.
      BoundedInput.drain(request.getInputStream(), limit * BoundedInput.DRAIN_FACTOR);
      return;
    }
    if (length < 0) {
      // Chunked over HTTP/1.1. Over HTTP/2 a request without a length may have no body at all
      // (HEADERS with END_STREAM); the container's own limit on form posts bounds what it parses.
      boolean unannounced = request.getHeader("Transfer-Encoding") != null;
      if (unannounced
          && !WITHOUT_PARAMETERS.contains(method)
          && BodyLimits.parsedByContainer(method, path, type)) {
        ErrorAnswer.write(
            response,
            HttpServletResponse.SC_LENGTH_REQUIRED,
            "length_required",
            "a body sent here must announce its length (Content-Length)");
        response.flushBuffer();
        BoundedInput.drain(request.getInputStream(), limit * BoundedInput.DRAIN_FACTOR);
        return;
      }
      if (BodyLimits.destination(method, path, type) == BodyLimits.Destination.API) {
        chain.doFilter(new Bounded(request, limit), response);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** The request with its body counted as it is read. */
  private static final class Bounded extends HttpServletRequestWrapper {

    private final long limit;
    private BoundedInput input;

    Bounded(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (input == null) {
        input = new BoundedInput(super.getInputStream(), limit);
      }
      return input;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset;
      try {
        charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      } catch (IllegalArgumentException unknown) {
        throw new UnsupportedEncodingException(encoding);
      }
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }
}
