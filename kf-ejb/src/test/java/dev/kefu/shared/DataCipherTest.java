package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataCipherTest {

  private static final byte[] OLD = DataCipher.newKey();
  private static final byte[] NEW = DataCipher.newKey();

  @Test
  void aSealedValueOpensToWhatWasSealed() {
    DataCipher cipher = new DataCipher(List.of(NEW));
    for (String plain : List.of("", "王小明", "ada@example.com", "+86 138 0000 0000", "{\"a\":1}")) {
      String sealed = cipher.seal(plain);
      assertThat(sealed).startsWith("kf1:" + cipher.currentKeyId() + ":");
      if (!plain.isEmpty()) {
        assertThat(sealed).doesNotContain(plain);
      }
      assertThat(cipher.open(sealed)).isEqualTo(plain);
    }
    assertThat(cipher.seal(null)).isNull();
    assertThat(cipher.open(null)).isNull();
  }

  @Test
  void everySealingTakesAFreshNonce() {
    DataCipher cipher = new DataCipher(List.of(NEW));
    Set<String> nonces = new HashSet<>();
    Set<String> sealed = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String value = cipher.seal("same name");
      sealed.add(value);
      byte[] bytes = Base64.getDecoder().decode(value.substring(value.lastIndexOf(':') + 1));
      nonces.add(Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, 12)));
    }
    assertThat(nonces).hasSize(1000);
    assertThat(sealed).hasSize(1000);
  }

  @Test
  void aValueSealedUnderAnOlderKeyOfTheRingStillOpens() {
    String underOld = new DataCipher(List.of(OLD)).seal("李雷");
    DataCipher rotated = new DataCipher(List.of(NEW, OLD));
    assertThat(rotated.open(underOld)).isEqualTo("李雷");
    assertThat(rotated.isCurrent(underOld)).isFalse();
    assertThat(rotated.isCurrent(rotated.seal("李雷"))).isTrue();
    assertThat(DataCipher.keyIdOf(underOld)).contains(DataCipher.idOf(OLD));
  }

  @Test
  void aValueUnderAKeyNotInTheRingIsRefusedNamingTheKeyId() {
    String underOld = new DataCipher(List.of(OLD)).seal("secret name");
    DataCipher other = new DataCipher(List.of(NEW));
    assertThatThrownBy(() -> other.open(underOld))
        .isInstanceOf(DataCipher.Unreadable.class)
        .hasMessageContaining(DataCipher.idOf(OLD))
        .hasMessageNotContaining("secret name");
  }

  @Test
  void aValueGivenAnotherKeyIdIsRefused() {
    DataCipher ring = new DataCipher(List.of(NEW, OLD));
    String sealed = ring.seal("name");
    String relabelled = sealed.replace(DataCipher.idOf(NEW), DataCipher.idOf(OLD));
    assertThatThrownBy(() -> ring.open(relabelled)).isInstanceOf(DataCipher.Unreadable.class);
  }

  @Test
  void aChangedOrCutValueIsRefused() {
    DataCipher cipher = new DataCipher(List.of(NEW));
    String sealed = cipher.seal("ada@example.com");
    int at = sealed.lastIndexOf(':') + 1;
    byte[] bytes = Base64.getDecoder().decode(sealed.substring(at));
    bytes[bytes.length / 2] ^= 1;
    String tampered = sealed.substring(0, at) + Base64.getEncoder().encodeToString(bytes);
    assertThatThrownBy(() -> cipher.open(tampered))
        .isInstanceOf(DataCipher.Unreadable.class)
        .hasMessageContaining("changed");
    String cut = sealed.substring(0, at) + sealed.substring(at, at + 12);
    assertThatThrownBy(() -> cipher.open(cut)).isInstanceOf(DataCipher.Unreadable.class);
    assertThatThrownBy(() -> cipher.open(sealed.substring(0, at) + "not base64!"))
        .isInstanceOf(DataCipher.Unreadable.class);
  }

  @Test
  void aValueStoredBeforeEncryptionReadsAsItIs() {
    DataCipher cipher = new DataCipher(List.of(NEW));
    assertThat(cipher.open("王小明")).isEqualTo("王小明");
    assertThat(cipher.isCurrent("王小明")).isFalse();
    assertThat(DataCipher.keyIdOf("王小明")).isEmpty();
  }

  @Test
  void theIndexFindsEqualValuesUnderEveryKeyOfTheRing() {
    DataCipher old = new DataCipher(List.of(OLD));
    DataCipher rotated = new DataCipher(List.of(NEW, OLD));
    assertThat(rotated.index("ada@example.com"))
        .hasSize(64)
        .isEqualTo(rotated.index("ada@example.com"))
        .isNotEqualTo(rotated.index("bob@example.com"))
        .isNotEqualTo(old.index("ada@example.com"));
    assertThat(rotated.indexes("ada@example.com"))
        .containsExactly(rotated.index("ada@example.com"), old.index("ada@example.com"));
  }

  @Test
  void keysAreRefusedUnlessTheyAreBase64Of32Bytes() {
    assertThat(DataCipher.decodeKey(Base64.getEncoder().encodeToString(NEW))).isEqualTo(NEW);
    assertThat(DataCipher.decodeKey(Base64.getUrlEncoder().encodeToString(NEW) + "\n"))
        .isEqualTo(NEW);
    assertThatThrownBy(() -> DataCipher.decodeKey(Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> DataCipher.decodeKey("not a key at all!"))
        .hasMessageContaining("base64")
        .hasMessageNotContaining("not a key at all");
    assertThatThrownBy(() -> new DataCipher(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
