package dev.kefu.routing.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoutingRuleTest {

  private static RoutingRule rule(RuleKind kind, String pattern) {
    return new RoutingRule("t", "s", 0, kind, pattern, "d", null, Instant.now());
  }

  @Test
  void aStarStandsForAnyCharactersAndTheRestForItself() {
    RoutingRule cart = rule(RuleKind.URL, "https://shop.example/cart*");
    assertThat(cart.matches("https://shop.example/cart", null)).isTrue();
    assertThat(cart.matches("https://shop.example/cart/items?id=1", null)).isTrue();
    assertThat(cart.matches("https://shop.example/help/cart", null)).isFalse();
    assertThat(cart.matches(null, "en")).isFalse();
  }

  @Test
  void aPatternMatchesTheWholeUrlInAnyLetterCase() {
    RoutingRule billing = rule(RuleKind.URL, "*/billing/*");
    assertThat(billing.matches("https://shop.example/Billing/invoices", null)).isTrue();
    assertThat(billing.matches("https://shop.example/billing", null)).isFalse();
    assertThat(rule(RuleKind.URL, "https://shop.example/").matches("https://shop.example/x", null))
        .isFalse();
  }

  @Test
  void regexCharactersInAPatternAreTakenLiterally() {
    RoutingRule query = rule(RuleKind.URL, "https://shop.example/?a=(1)*");
    assertThat(query.matches("https://shop.example/?a=(1)&b=2", null)).isTrue();
    assertThat(query.matches("https://shop.example/Xa=(1)", null)).isFalse();
  }

  @Test
  void aLanguageMatchesItselfAndItsRegions() {
    RoutingRule chinese = rule(RuleKind.LANGUAGE, "zh");
    assertThat(chinese.matches(null, "zh-CN")).isTrue();
    assertThat(chinese.matches(null, "zh_TW")).isTrue();
    assertThat(chinese.matches(null, "ZH")).isTrue();
    assertThat(chinese.matches(null, "zu")).isFalse();
    assertThat(chinese.matches(null, null)).isFalse();
    RoutingRule mainland = rule(RuleKind.LANGUAGE, "zh-CN");
    assertThat(mainland.matches(null, "zh-TW")).isFalse();
    assertThat(mainland.matches(null, "zh-cn")).isTrue();
  }

  @Test
  void aRuleNeedsAKindAPatternAndAWellFormedSkill() {
    assertThatThrownBy(() -> rule(null, "x")).hasMessageContaining("kind");
    assertThatThrownBy(() -> rule(RuleKind.URL, " ")).hasMessageContaining("pattern");
    assertThatThrownBy(
            () -> new RoutingRule("t", "s", 0, RuleKind.URL, "*", "d", "no spaces", Instant.now()))
        .hasMessageContaining("skill");
  }

  @Test
  void aUrlPatternThatCouldNeverMatchAnAddressIsRefused() {
    assertThat(RoutingRule.patternProblem(RuleKind.URL, "/pricing*")).contains("whole address");
    assertThat(RoutingRule.patternProblem(RuleKind.URL, "https://shop.example/a b"))
        .contains("whole address");
    assertThat(RoutingRule.patternProblem(RuleKind.URL, "https://shop.example/pricing*")).isNull();
    assertThat(RoutingRule.patternProblem(RuleKind.URL, "*/help/*")).isNull();
    assertThat(RoutingRule.patternProblem(RuleKind.URL, "x".repeat(501))).contains("500");
    assertThatThrownBy(() -> rule(RuleKind.URL, "shop.example/*"))
        .hasMessageContaining("whole address");
  }

  @Test
  void aLanguagePatternIsALanguageTag() {
    assertThat(RoutingRule.patternProblem(RuleKind.LANGUAGE, "zh-CN")).isNull();
    assertThat(RoutingRule.patternProblem(RuleKind.LANGUAGE, "x-none")).isNull();
    assertThat(RoutingRule.patternProblem(RuleKind.LANGUAGE, "https://a.example/*"))
        .contains("language tag");
    assertThat(RoutingRule.patternProblem(RuleKind.LANGUAGE, "中文")).contains("language tag");
  }
}
