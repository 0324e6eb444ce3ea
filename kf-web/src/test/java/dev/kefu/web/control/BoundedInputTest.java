package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BoundedInputTest {

  /** A body of {@code size} bytes that counts how many were taken from it. */
  static final class Body extends ServletInputStream {
    final ByteArrayInputStream bytes;
    int taken;

    Body(int size) {
      bytes = new ByteArrayInputStream(new byte[size]);
    }

    @Override
    public int read() {
      int b = bytes.read();
      if (b >= 0) {
        taken++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      int n = bytes.read(buffer, offset, length);
      taken += Math.max(n, 0);
      return n;
    }

    @Override
    public boolean isFinished() {
      return bytes.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {}
  }

  @Test
  void aBodyUpToTheLimitIsReadWhole() throws IOException {
    Body body = new Body(100);
    assertThat(new BoundedInput(body, 100).readAllBytes()).hasSize(100);
  }

  @Test
  void aBodyOverTheLimitIsRefusedAndNoMoreThanAFewTimesItsLimitIsTakenFromIt() {
    Body body = new Body(10_000_000);
    BoundedInput bounded = new BoundedInput(body, 8192);
    assertThatThrownBy(bounded::readAllBytes)
        .isInstanceOf(BodyTooLarge.class)
        .hasMessage("the request body is larger than 8192 bytes");
    assertThat(body.taken).isEqualTo(8193 + 4 * 8192);
  }

  @Test
  void whatIsDrainedEndsWithTheBody() {
    Body body = new Body(100);
    BoundedInput.drain(body, 1_000_000);
    assertThat(body.taken).isEqualTo(100);
  }

  @Test
  void singleBytesAreCountedToo() throws IOException {
    BoundedInput bounded = new BoundedInput(new Body(3), 2);
    bounded.read();
    bounded.read();
    assertThatThrownBy(bounded::read).isInstanceOf(BodyTooLarge.class);
  }

  @Test
  void theRefusalIsFoundAmongTheCausesOfWhatWrapsIt() {
    BodyTooLarge tooLarge = new BodyTooLarge(5);
    assertThat(BodyTooLarge.in(new RuntimeException(new IOException(tooLarge)))).isSameAs(tooLarge);
    assertThat(BodyTooLarge.in(new RuntimeException("other"))).isNull();
  }
}
