package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CjkTermsTest {

  @Test
  void aChineseRunIsWrittenAsItsPairsOfCharacters() {
    assertThat(CjkTerms.ofTerm("新加坡")).containsExactly("z065b0052a0", "z052a005761");
    assertThat(CjkTerms.of("去新加坡 ship 加坡")).isEqualTo("z053bb065b0 z065b0052a0 z052a005761");
  }

  @Test
  void latinTextAndLoneCharactersHaveNoTerms() {
    assertThat(CjkTerms.of("Do you ship to Singapore?")).isNull();
    assertThat(CjkTerms.of("茶 tea 叶")).isNull();
    assertThat(CjkTerms.of(null)).isNull();
    assertThat(CjkTerms.ofTerm("茶")).isEmpty();
    assertThat(CjkTerms.ofTerm("iPhone手机")).isEmpty();
  }

  @Test
  void japaneseKoreanAndCharactersBeyondTheBasicPlaneArePairedToo() {
    assertThat(CjkTerms.ofTerm("ありがとう")).hasSize(4);
    assertThat(CjkTerms.ofTerm("감사")).containsExactly("z0ac100c0ac");
    assertThat(CjkTerms.ofTerm("𠀀𠀁")).containsExactly("z2000020001");
  }
}
