package dev.kefu.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the REST API is described for the OpenAPI document: a summary, the roles that
 * may call it (in the first sentence of its description and in {@value ApiDocs#ROLES}, which must
 * agree), a success and the refusals every such operation can answer: 401 and 403 where a role is
 * needed, 404 where the path names an object. A resource method without them fails here, before the
 * running server's document is checked (OpenApiIT in kf-it).
 */
class ApiDocsTest {

  private static final Set<String> ROLES =
      Set.of("anonymous", "visitor", "kf-agent", "kf-supervisor", "kf-admin", "kf-platform");

  @Test
  void everyResourceMethodIsDocumentedWithItsRolesAndRefusals() {
    List<Method> operations = operations();
    assertThat(operations).as("the scan sees the resource methods").hasSizeGreaterThan(60);
    List<String> problems = new ArrayList<>();
    for (Method method : operations) {
      problems.addAll(problemsOf(method));
    }
    assertThat(problems).as("operations not documented as docs/api.md says").isEmpty();
  }

  @Test
  void everyResourceClassHasATag() {
    assertThat(resourceClasses())
        .filteredOn(type -> type.getAnnotation(Tag.class) == null)
        .as("resource classes without @Tag")
        .isEmpty();
  }

  @Test
  void aMethodWithoutDocumentationIsFound() throws NoSuchMethodException {
    Method bare = Bare.class.getMethod("bare", String.class);
    assertThat(problemsOf(bare)).anyMatch(problem -> problem.contains("no @Operation"));
  }

  /** What is missing from one operation's description, each as a sentence naming it. */
  static List<String> problemsOf(Method method) {
    String name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    List<String> problems = new ArrayList<>();
    Operation operation = method.getAnnotation(Operation.class);
    if (operation == null) {
      problems.add(name + ": no @Operation");
      return problems;
    }
    if (operation.summary().isBlank()) {
      problems.add(name + ": no summary");
    }
    String roles =
        Arrays.stream(operation.extensions())
            .filter(extension -> extension.name().equals(ApiDocs.ROLES))
            .map(Extension::value)
            .findFirst()
            .orElse("");
    List<String> named = roles.isBlank() ? List.of() : Arrays.asList(roles.split(","));
    if (named.isEmpty() || !ROLES.containsAll(named)) {
      problems.add(name + ": " + ApiDocs.ROLES + " is not a list of known roles: " + roles);
    }
    if (!operation.description().startsWith("Roles: " + String.join(", ", named) + ".")) {
      problems.add(name + ": the description does not start with its roles: " + roles);
    }
    Set<String> codes = new TreeSet<>();
    for (APIResponse response : method.getAnnotationsByType(APIResponse.class)) {
      codes.add(response.responseCode());
      if (!response.ref().isEmpty() && !sharedResponses().contains(response.ref())) {
        problems.add(name + ": no shared response " + response.ref());
      }
    }
    if (codes.stream().noneMatch(code -> code.startsWith("2"))) {
      problems.add(name + ": no success response");
    }
    boolean staffOnly = named.stream().allMatch(role -> role.startsWith("kf-"));
    boolean anyone = named.contains("anonymous");
    if (!anyone && !codes.contains("401")) {
      problems.add(name + ": no 401");
    }
    if (staffOnly && !named.isEmpty() && !codes.contains("403")) {
      problems.add(name + ": no 403");
    }
    if (path(method).contains("{") && !codes.contains("404")) {
      problems.add(name + ": no 404 for " + path(method));
    }
    return problems;
  }

  /** The names of the responses the operations share, defined with the API. */
  private static Set<String> sharedResponses() {
    Set<String> names = new TreeSet<>();
    for (APIResponse response :
        KefuApi.class.getAnnotation(OpenAPIDefinition.class).components().responses()) {
      names.add(response.name());
    }
    return names;
  }

  private static String path(Method method) {
    Path root = method.getDeclaringClass().getAnnotation(Path.class);
    Path sub = method.getAnnotation(Path.class);
    return root.value() + "/" + (sub == null ? "" : sub.value());
  }

  /** Every JAX-RS resource method of the module's classes. */
  static List<Method> operations() {
    List<Method> operations = new ArrayList<>();
    for (Class<?> type : resourceClasses()) {
      for (Method method : type.getDeclaredMethods()) {
        if (isHttpMethod(method)) {
          operations.add(method);
        }
      }
    }
    return operations;
  }

  private static boolean isHttpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      if (annotation.annotationType().getAnnotation(HttpMethod.class) != null) {
        return true;
      }
    }
    return false;
  }

  private static List<Class<?>> resourceClasses() {
    java.nio.file.Path classes = java.nio.file.Path.of("target/classes");
    try (Stream<java.nio.file.Path> walk = Files.walk(classes)) {
      return walk.filter(file -> file.toString().endsWith(".class"))
          .map(file -> classes.relativize(file).toString())
          .map(file -> file.substring(0, file.length() - ".class".length()).replace('/', '.'))
          .map(ApiDocsTest::load)
          .filter(type -> type.getAnnotation(Path.class) != null)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiDocsTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A resource method as one would add it without documentation. */
  @Path("bare")
  static class Bare {
    @jakarta.ws.rs.GET
    @Path("{id}")
    public String bare(String id) {
      return id;
    }
  }
}
