package dev.kefu.web.control;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that may not pass {@code limit} bytes: it counts what is read and throws {@link
 * BodyTooLarge} instead of returning the first byte beyond it. For bodies whose length is not
 * announced (chunked), which can only be measured while they are read.
 *
 * <p>Before it refuses, it reads and drops a little more of the body ({@link #drain}), so that a
 * client that is still sending gets to read the refusal rather than a connection closed under it;
 * nothing of it is kept.
 */
public class BoundedInput extends ServletInputStream {

  /** How much of a refused body is read and dropped, in multiples of its limit. */
  public static final int DRAIN_FACTOR = 4;

  private final ServletInputStream body;
  private final long limit;
  private long read;

  public BoundedInput(ServletInputStream body, long limit) {
    this.body = body;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = body.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    // Never asks for more than one byte past the limit, so a refused body is not read further.
    int n = body.read(buffer, offset, (int) Math.min(length, limit - read + 1));
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = body.skip(Math.min(n, limit - read + 1));
    if (skipped > 0) {
      count(skipped);
    }
    return skipped;
  }

  private void count(long n) throws BodyTooLarge {
    read += n;
    if (read > limit) {
      drain(body, limit * DRAIN_FACTOR);
      throw new BodyTooLarge(limit);
    }
  }

  /**
   * Reads and drops up to {@code most} bytes of what is left of a body: the rest of a refused
   * request, so that an HTTP client still sending it sees the answer.
   */
  public static void drain(InputStream body, long most) {
    byte[] buffer = new byte[8192];
    long left = most;
    try {
      int n;
      while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException gone) {
      // The client has stopped sending; it reads the answer or has gone.
    }
  }

  @Override
  public int available() throws IOException {
    return body.available();
  }

  @Override
  public boolean isFinished() {
    return body.isFinished();
  }

  @Override
  public boolean isReady() {
    return body.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    body.setReadListener(listener);
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
