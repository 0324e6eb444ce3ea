package dev.kefu.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text of the console exists in English and in Simplified Chinese. */
class ConsoleTextsTest {

  private static final Pattern USED_KEY = Pattern.compile("msg\\['([^']+)'\\]");

  private static Properties bundle(String name) throws IOException {
    Properties texts = new Properties();
    try (InputStream in = ConsoleTextsTest.class.getResourceAsStream("/dev/kefu/admin/" + name)) {
      assertThat(in).as(name).isNotNull();
      texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return texts;
  }

  @Test
  void bothLanguagesHaveTheSameTexts() throws IOException {
    Properties english = bundle("messages.properties");
    Properties chinese = bundle("messages_zh_CN.properties");

    assertThat(chinese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
    assertThat(chinese.values()).allSatisfy(text -> assertThat((String) text).isNotBlank());
  }

  @Test
  void validatorsSpeakBothLanguages() throws IOException {
    Properties english = bundle("validation.properties");
    Properties chinese = bundle("validation_zh_CN.properties");

    assertThat(english.stringPropertyNames()).contains("jakarta.faces.component.UIInput.REQUIRED");
    assertThat(chinese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
  }

  @Test
  void chineseTextsAreReadAsUtf8() throws IOException {
    assertThat(bundle("messages_zh_CN.properties").getProperty("nav.sites")).isEqualTo("站点");
  }

  @Test
  void everyTextThePagesUseExists() throws IOException {
    Properties english = bundle("messages.properties");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> pages = Files.walk(Path.of("src/main/resources/META-INF/resources/admin"))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".xhtml")).toList()) {
        Matcher keys = USED_KEY.matcher(Files.readString(page));
        while (keys.find()) {
          used.add(keys.group(1));
        }
      }
    }

    assertThat(used).isNotEmpty();
    assertThat(english.stringPropertyNames()).containsAll(used);
  }
}
