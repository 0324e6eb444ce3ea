package dev.kefu.setup.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.DataCipher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingSourcesTest {

  private static final byte[] CURRENT = DataCipher.newKey();
  private static final byte[] OLDER = DataCipher.newKey();

  @TempDir Path dir;

  @Test
  void theKeyIsCurrentAndTheOldKeysFollow() {
    List<byte[]> ring =
        new KeyRingSources(Optional.of(b64(CURRENT)), Optional.empty(), Optional.of(b64(OLDER)))
            .keys();
    assertThat(ring).containsExactly(CURRENT, OLDER);
  }

  @Test
  void aKeyFileListsTheCurrentKeyFirst() throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# rotated 2026-12-04\n" + b64(CURRENT) + "\n\n" + b64(OLDER) + "\n");
    assertThat(new KeyRingSources(Optional.empty(), Optional.of(file), Optional.empty()).keys())
        .containsExactly(CURRENT, OLDER);
  }

  @Test
  void noSettingIsNoKey() {
    assertThat(new KeyRingSources(Optional.empty(), Optional.empty(), Optional.empty()).keys())
        .isEmpty();
  }

  @Test
  void refusalsNameTheSettingAndNeverTheKey() {
    assertThatThrownBy(
            () ->
                new KeyRingSources(Optional.of("c2hvcnQ="), Optional.empty(), Optional.empty())
                    .keys())
        .hasMessageContaining("KF_DATA_KEY")
        .hasMessageNotContaining("c2hvcnQ=");
    assertThatThrownBy(
            () ->
                new KeyRingSources(
                        Optional.of(b64(CURRENT)), Optional.of(dir.resolve("k")), Optional.empty())
                    .keys())
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                new KeyRingSources(Optional.empty(), Optional.empty(), Optional.of(b64(OLDER)))
                    .keys())
        .hasMessageContaining("no current one");
    assertThatThrownBy(
            () ->
                new KeyRingSources(
                        Optional.empty(), Optional.of(dir.resolve("missing")), Optional.empty())
                    .keys())
        .hasMessageContaining("cannot be read");
  }

  @Test
  void aGeneratedKeyFileIsTheOwnersOnlyAndReadAgainAfterwards() throws Exception {
    Path file = KeyRingSources.generatedFile(dir.resolve("data"));
    byte[] key = KeyRingSources.generate(file);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    assertThat(KeyRingSources.withGenerated(List.of(), file)).containsExactly(key);
    assertThat(KeyRingSources.withGenerated(List.of(CURRENT), file)).containsExactly(CURRENT, key);
    assertThat(KeyRingSources.generate(file))
        .as("a second start keeps the first key")
        .isEqualTo(key);
  }

  private static String b64(byte[] key) {
    return Base64.getEncoder().encodeToString(key);
  }
}
