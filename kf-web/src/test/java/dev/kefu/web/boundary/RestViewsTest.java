package dev.kefu.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * REST answers are built from the business views of {@code dev.kefu.view} (shared with the chat
 * sockets), never with the socket module's frame builders: a change to a frame must not change an
 * answer of the API by accident, nor the other way round.
 */
class RestViewsTest {

  private static final Pattern SOCKET_CODE = Pattern.compile("\\bdev\\.kefu\\.chat\\.control\\b");

  @Test
  void restCodeUsesNoFrameBuilderOfTheSocketModule() {
    List<Path> sources = mainSources();
    assertThat(sources).as("the scan sees the resources").hasSizeGreaterThan(20);
    assertThat(sources)
        .filteredOn(file -> SOCKET_CODE.matcher(read(file)).find())
        .as("use dev.kefu.view")
        .isEmpty();
  }

  @Test
  void theScanFindsAnImportOfTheFrameBuilders() {
    assertThat(SOCKET_CODE.matcher("import dev.kefu.chat.control.Frames;").find()).isTrue();
    assertThat(SOCKET_CODE.matcher("import dev.kefu.view.Wire;").find()).isFalse();
  }

  private static List<Path> mainSources() {
    try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
      return walk.filter(file -> file.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
