package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Main code of every module makes its JSON builders, readers and parsers through {@link Jsonp}:
 * {@code jakarta.json.Json}'s factories and {@code JsonProvider.provider()} look the provider up on
 * the class path again with every call, which cost the message path most of its time.
 */
class JsonpTest {

  /** A call of {@code Json.create…} or {@code JsonProvider.provider()}, qualified or not. */
  private static final Pattern LOOKUP =
      Pattern.compile(
          "(?<![\\w])Json\\s*\\.\\s*create\\w*\\s*\\(|JsonProvider\\s*\\.\\s*provider\\s*\\(");

  private static final List<String> MODULES =
      List.of("kf-ejb", "kf-websocket", "kf-web", "kf-admin-jsf");

  @Test
  void mainCodeLooksTheJsonProviderUpOnlyInJsonp() {
    List<String> offenders = new ArrayList<>();
    for (Path file : mainSources()) {
      if (file.endsWith(Path.of("dev", "kefu", "shared", "Jsonp.java"))) {
        continue;
      }
      String text = read(file);
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (LOOKUP.matcher(lines[i]).find() && !lines[i].strip().startsWith("*")) {
          offenders.add(file + ":" + (i + 1) + ": " + lines[i].strip());
        }
      }
    }
    assertThat(offenders).as("use dev.kefu.shared.Jsonp instead").isEmpty();
  }

  @Test
  void theScanSeesEveryModuleAndFindsWhatItLooksFor() {
    List<Path> sources = mainSources();
    for (String module : MODULES) {
      assertThat(sources).anyMatch(file -> file.startsWith(root().resolve(module)));
    }
    assertThat(LOOKUP.matcher(read(jsonp())).find()).as("Jsonp's own lookup").isTrue();
    assertThat(LOOKUP.matcher("var b = Json.createObjectBuilder();").find()).isTrue();
    assertThat(LOOKUP.matcher("jakarta.json.Json.createReader(in)").find()).isTrue();
    assertThat(LOOKUP.matcher("var b = Jsonp.createObjectBuilder();").find()).isFalse();
  }

  private static Path jsonp() {
    return root().resolve("kf-ejb/src/main/java/dev/kefu/shared/Jsonp.java");
  }

  /** The project's top folder: tests run in their module's folder. */
  private static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("kf-ejb")) ? here : here.getParent();
  }

  private static List<Path> mainSources() {
    List<Path> files = new ArrayList<>();
    for (String module : MODULES) {
      Path main = root().resolve(module).resolve("src/main/java");
      try (Stream<Path> walk = Files.walk(main)) {
        walk.filter(file -> file.toString().endsWith(".java")).forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
