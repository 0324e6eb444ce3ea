package dev.kefu.tenant.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteTest {

  private final Site site =
      new Site("t-1", "Shop", new Department("t-1", "Support", Instant.EPOCH), Instant.EPOCH);

  @Test
  void allowsExactlyTheOriginsItWasGivenInCanonicalForm() {
    site.allowOrigins(List.of("https://Shop.Example", "http://localhost:8080", " "));
    assertThat(site.allowedOrigins())
        .containsExactly("https://shop.example", "http://localhost:8080");
    assertThat(site.allowsOrigin("https://shop.example")).isTrue();
    assertThat(site.allowsOrigin("https://shop.example:443")).isTrue();
    assertThat(site.allowsOrigin("http://shop.example")).isFalse();
    assertThat(site.allowsOrigin("https://evil.shop.example")).isFalse();
    assertThat(site.allowsOrigin("https://shop.example.evil.com")).isFalse();
    assertThat(site.allowsOrigin("http://localhost:8081")).isFalse();
    assertThat(site.allowsOrigin(null)).isFalse();
    assertThat(site.allowsOrigin("null")).isFalse();
  }

  @Test
  void refusesWildcardsPathsAndOtherSchemesAsOrigins() {
    assertThatThrownBy(() -> site.allowOrigins(List.of("*"))).isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> site.allowOrigins(List.of("https://*.example.com")))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> site.allowOrigins(List.of("https://shop.example/cart")))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> site.allowOrigins(List.of("ftp://shop.example")))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(() -> site.allowOrigins(List.of("https://user@shop.example")))
        .isInstanceOf(RuleViolation.class);
  }

  @Test
  void refusesMoreOriginsThanItCanKeep() {
    List<String> many =
        java.util.stream.IntStream.range(0, 200)
            .mapToObj(i -> "https://shop" + i + ".example")
            .toList();
    assertThatThrownBy(() -> site.allowOrigins(many))
        .isInstanceOfSatisfying(
            RuleViolation.class, e -> assertThat(e.code()).isEqualTo("origins_too_long"));
  }

  @Test
  void keepsTheGreetingWithinItsLimit() {
    site.changeGreeting("  你好  ");
    assertThat(site.greeting()).isEqualTo("你好");
    assertThatThrownBy(() -> site.changeGreeting("x".repeat(Site.MAX_GREETING + 1)))
        .isInstanceOf(RuleViolation.class);
  }

  @Test
  void getsAnUnguessableKeyAndSecret() {
    Site other = new Site("t-1", "Other", new Department("t-1", "D", Instant.EPOCH), Instant.EPOCH);
    assertThat(site.siteKey()).hasSizeGreaterThanOrEqualTo(16).isNotEqualTo(other.siteKey());
    assertThat(site.secret()).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(other.secret());
  }

  @Test
  void aSiteHasANameOfAtMost200CharactersAndADeletedOneIsNeverEnabled() {
    assertThatThrownBy(() -> site.rename("  "))
        .isInstanceOf(RuleViolation.class)
        .extracting("code", "field")
        .containsExactly("name_missing", "name");
    assertThatThrownBy(() -> site.rename("x".repeat(Site.MAX_NAME + 1)))
        .extracting("code", "field")
        .containsExactly("name_too_long", "name");
    site.rename("  Shop two ");
    assertThat(site.name()).isEqualTo("Shop two");
    assertThat(Site.isOrigin("https://shop.example")).isTrue();
    assertThat(Site.isOrigin("shop.example")).isFalse();

    site.delete(Instant.EPOCH);
    assertThat(site.deleted()).isTrue();
    assertThat(site.enabled()).isFalse();
  }

  @Test
  void theDefaultDepartmentIsOneOfTheSitesTenant() {
    assertThatThrownBy(() -> site.routeByDefaultTo(new Department("t-2", "Theirs", Instant.EPOCH)))
        .extracting("code", "field")
        .containsExactly("department_unknown", "defaultDepartmentId");
  }
}
