package dev.kefu.file.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest {

  @TempDir Path folder;
  private FileStorage storage;

  @BeforeEach
  void storage() {
    storage = new FileStorage();
    storage.dataDir = Optional.empty();
    storage.filesDir = Optional.of(folder.toString());
    storage.maxBytes = 100_000;
    storage.locate();
  }

  @Test
  void anUploadIsKeptWithItsSizeAndDigest() throws IOException {
    byte[] text = "订单 KF-0042\n".repeat(2_000).getBytes(StandardCharsets.UTF_8);
    FileStorage.Written written = storage.write(new ByteArrayInputStream(text), "order.txt");
    assertThat(written.size()).isEqualTo(text.length);
    assertThat(written.sha256()).isEqualTo(sha256(text));
    assertThat(Files.readAllBytes(storage.pathOf(written.storageName()))).isEqualTo(text);
  }

  @Test
  void anUploadOverTheLimitLeavesNothingBehind() throws IOException {
    byte[] big = "x".repeat(100_001).getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> storage.write(new ByteArrayInputStream(big), "big.txt"))
        .isInstanceOf(RuleViolation.class)
        .hasFieldOrPropertyWithValue("code", "file_too_large");
    try (Stream<Path> left = Files.list(folder)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void anImportedFileIsRestoredUnderItsNameWhateverItsSize() throws IOException {
    // Accepted by the installation it comes from, whose limit may be higher.
    byte[] bytes = new byte[250_000];
    new java.util.Random(7).nextBytes(bytes);
    assertThat(storage.restore(new ByteArrayInputStream(bytes), "moved_File-1"))
        .isEqualTo(sha256(bytes));
    assertThat(Files.readAllBytes(storage.pathOf("moved_File-1"))).isEqualTo(bytes);
    assertThatThrownBy(() -> storage.restore(new ByteArrayInputStream(bytes), "moved_File-1"))
        .hasFieldOrPropertyWithValue("code", "import_conflict");
    assertThatThrownBy(() -> storage.restore(new ByteArrayInputStream(bytes), "../escape"))
        .hasFieldOrPropertyWithValue("code", "import_invalid");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
