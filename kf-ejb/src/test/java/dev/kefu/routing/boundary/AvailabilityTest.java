package dev.kefu.routing.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.routing.entity.RoutingRule;
import dev.kefu.routing.entity.RuleKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

  private static RoutingRule rule(RuleKind kind, String pattern, String departmentId) {
    return new RoutingRule("t-1", "s-1", 0, kind, pattern, departmentId, null, Instant.EPOCH);
  }

  private static final Availability.OfSite SITE =
      new Availability.OfSite(
          "s-1",
          "d-default",
          List.of(
              rule(RuleKind.URL, "https://shop.example/wholesale*", "d-wholesale"),
              rule(RuleKind.LANGUAGE, "en", "d-english")),
          Map.of("d-default", true, "d-wholesale", false, "d-english", true),
          List.of());

  @Test
  void aVisitorIsToldAboutTheDepartmentTheFirstMatchingRuleSendsThemTo() {
    assertThat(SITE.onlineFor("https://shop.example/wholesale/tea", "en")).isFalse();
    assertThat(SITE.onlineFor("https://shop.example/cart", "en-GB")).isTrue();
    assertThat(SITE.onlineFor("https://shop.example/cart", "zh-CN")).isTrue();
  }

  @Test
  void withoutAPageOrLanguageTheDefaultDepartmentAnswers() {
    Availability.OfSite closedByDefault =
        new Availability.OfSite(
            "s-1", "d-default", List.of(), Map.of("d-default", false), List.of());
    assertThat(closedByDefault.onlineFor(null, null)).isFalse();
    assertThat(SITE.onlineFor(null, null)).isTrue();
  }

  @Test
  void aDepartmentNobodyKnowsIsNotOnline() {
    Availability.OfSite gone =
        new Availability.OfSite("s-1", "d-removed", List.of(), Map.of(), List.of());
    assertThat(gone.onlineFor("https://shop.example/", "en")).isFalse();
  }
}
