package dev.kefu.admin.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaffPageTest {

  @Test
  void skillsAreSplitAtCommasSpacesAndChineseCommas() {
    assertThat(StaffPage.skillList(" billing, english\nvip，退款 "))
        .containsExactly("billing", "english", "vip", "退款");
  }

  @Test
  void noSkillsTypedAreNone() {
    assertThat(StaffPage.skillList("  ")).isEmpty();
    assertThat(StaffPage.skillList(null)).isEmpty();
  }
}
