package dev.kefu.routing.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.routing.entity.RoutingRule;
import dev.kefu.routing.entity.RuleKind;
import dev.kefu.tenant.entity.BusinessHours;
import dev.kefu.tenant.entity.Department;
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

  @Test
  void theSweepFindsTheTenantsWhoseDepartmentsOpenedOrClosedSinceItsLastLook() {
    Instant nineSharp = Instant.parse("2026-12-07T09:00:00Z"); // a Monday
    Department opening = new Department("t-opening", "Opening", Instant.EPOCH);
    opening.changeBusinessHours(BusinessHours.parse("UTC", "mon 09:00-18:00", null));
    Department open = new Department("t-open", "Open all day", Instant.EPOCH);
    open.changeBusinessHours(BusinessHours.parse("UTC", "mon 08:00-18:00", null));
    Department always = new Department("t-always", "Always", Instant.EPOCH);
    List<Department> departments = List.of(opening, open, always);

    assertThat(
            Availability.tenantsWithHoursChangedBetween(
                departments, nineSharp.minusSeconds(Availability.SWEEP_SECONDS), nineSharp))
        .containsExactly("t-opening");
    assertThat(
            Availability.tenantsWithHoursChangedBetween(
                departments, nineSharp, nineSharp.plusSeconds(Availability.SWEEP_SECONDS)))
        .isEmpty();
    Instant sixPm = Instant.parse("2026-12-07T18:00:00Z");
    assertThat(
            Availability.tenantsWithHoursChangedBetween(
                departments, sixPm.minusSeconds(30), sixPm.plusSeconds(30)))
        .containsExactlyInAnyOrder("t-opening", "t-open");
  }
}
