package dev.kefu;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The business components of kf-ejb ({@code dev.kefu.<component>}) depend on each other in one
 * direction: a lower component never names a higher one. Where a lower one must make a higher one
 * act, it fires a CDI event that the higher one observes in the same transaction (see {@code
 * docs/architecture.md}). Others use a component through its {@code boundary} (and its entities),
 * never its {@code control}; and kf-ejb knows nothing of the edge modules.
 *
 * <p>Tried by hand when this test was written: adding {@code import
 * dev.kefu.routing.boundary.Assignment;} with a use of it to {@code AuditRetention} made {@link
 * #componentsFormNoCycle} and {@link #lowerComponentsNeverUseHigherOnes} fail, naming the edge from
 * audit to routing. {@link #theRulesCatchAnImportThatClosesACycle} keeps that proof in the build
 * with a test class ({@code dev.kefu.audit.boundary.ClosesACycle}).
 */
class ArchitectureTest {

  /**
   * The components, lowest first. A component may use those on the lines above its own, never those
   * on its line or below. A new component must be placed here before it builds.
   */
  static final List<List<String>> ORDER =
      List.of(
          List.of("shared", "events"),
          List.of("metrics"),
          List.of("audit"),
          List.of("tenant"),
          List.of("agent"),
          List.of("auth"),
          List.of("setup"),
          List.of("visitor"),
          List.of("protection"),
          List.of("file"),
          List.of("conversation"),
          List.of("routing"),
          List.of("inbox"),
          List.of(
              "canned", "cluster", "history", "monitor", "reception", "report", "view", "webhook"),
          List.of("erasure", "portability"),
          List.of("health"));

  private static final List<String> EDGE = List.of("chat", "web", "admin");

  private static final JavaClasses KF_EJB =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.kefu");

  /** Kefu's classes and one test class that closes a cycle (audit naming routing). */
  private static final JavaClasses WITH_A_CYCLE =
      new ClassFileImporter()
          .withImportOption(
              location ->
                  ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                      || location.contains("ClosesACycle"))
          .importPackages("dev.kefu");

  static ArchRule noCycles() {
    return slices().matching("dev.kefu.(*)..").should().beFreeOfCycles();
  }

  static ArchRule layers() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (List<String> line : ORDER) {
      for (String component : line) {
        layers = layers.layer(component).definedBy("dev.kefu." + component + "..");
      }
    }
    for (int i = 0; i < ORDER.size(); i++) {
      List<String> higher =
          ORDER.subList(i + 1, ORDER.size()).stream().flatMap(List::stream).toList();
      for (String component : ORDER.get(i)) {
        layers =
            higher.isEmpty()
                ? layers.whereLayer(component).mayNotBeAccessedByAnyLayer()
                : layers
                    .whereLayer(component)
                    .mayOnlyBeAccessedByLayers(higher.toArray(String[]::new));
      }
    }
    return layers;
  }

  static ArchRule noEdge() {
    return noClasses()
        .that()
        .resideInAPackage("dev.kefu..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(EDGE.stream().map(e -> "dev.kefu." + e + "..").toArray(String[]::new));
  }

  /** No class outside a component uses its {@code control}: others go through its boundary. */
  static ArchRule controlStaysInside() {
    List<ArchRule> rules = new ArrayList<>();
    for (String component : components()) {
      String inside = "dev.kefu." + component + "..";
      rules.add(
          noClasses()
              .that()
              .resideOutsideOfPackage(inside)
              .should()
              .dependOnClassesThat(resideInAPackage("dev.kefu." + component + ".control.."))
              .allowEmptyShould(true));
    }
    return CompositeArchRule.of(rules);
  }

  @Test
  void componentsFormNoCycle() {
    noCycles().check(KF_EJB);
  }

  @Test
  void lowerComponentsNeverUseHigherOnes() {
    layers().check(KF_EJB);
  }

  @Test
  void theBusinessNeverNamesTheEdge() {
    noEdge().check(KF_EJB);
  }

  @Test
  void othersUseAComponentThroughItsBoundaryNeverItsControl() {
    controlStaysInside().check(KF_EJB);
  }

  @Test
  void everyComponentHasItsPlaceInTheOrder() {
    Set<String> found =
        KF_EJB.stream()
            .map(JavaClass::getPackageName)
            .filter(p -> p.startsWith("dev.kefu."))
            .map(p -> p.substring("dev.kefu.".length()).split("\\.")[0])
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(found).isNotEmpty().isSubsetOf(components());
    assertThat(components()).doesNotContainAnyElementsOf(EDGE);
  }

  /** The positive control: the same rules on Kefu plus an import that closes a cycle. */
  @Test
  void theRulesCatchAnImportThatClosesACycle() {
    assertThat(WITH_A_CYCLE.size()).isEqualTo(KF_EJB.size() + 1);
    assertThatThrownBy(() -> noCycles().check(WITH_A_CYCLE))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ClosesACycle")
        .hasMessageContaining("Assignment");
    assertThatThrownBy(() -> layers().check(WITH_A_CYCLE))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ClosesACycle")
        .hasMessageContaining("Assignment");
  }

  private static List<String> components() {
    return ORDER.stream().flatMap(List::stream).toList();
  }
}
