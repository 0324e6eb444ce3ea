package dev.kefu.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginLinesTest {

  @Test
  void eachNonBlankLineIsOneOriginInItsOrder() {
    String typed =
        "  https://shop.example.com  \r\n\r\nhttp://localhost:8080\n\n\thttps://b.example\n";

    assertThat(OriginLines.parse(typed))
        .containsExactly("https://shop.example.com", "http://localhost:8080", "https://b.example");
  }

  @Test
  void emptyOrBlankTextMeansNoOrigins() {
    assertThat(OriginLines.parse(null)).isEmpty();
    assertThat(OriginLines.parse("")).isEmpty();
    assertThat(OriginLines.parse(" \n \r\n ")).isEmpty();
  }

  @Test
  void aCommaSeparatedListPastedOnOneLineIsSplit() {
    assertThat(OriginLines.parse("https://a.example, https://b.example,https://c.example"))
        .containsExactly("https://a.example", "https://b.example", "https://c.example");
  }

  @Test
  void aRepeatedOriginIsKeptOnce() {
    assertThat(OriginLines.parse("https://a.example\nhttps://b.example\nhttps://a.example"))
        .containsExactly("https://a.example", "https://b.example");
  }

  @Test
  void theSlashBrowsersShowAfterTheHostIsDropped() {
    assertThat(OriginLines.parse("https://shop.example.com/\nhttp://localhost:8080/"))
        .containsExactly("https://shop.example.com", "http://localhost:8080");
  }

  @Test
  void aRealPathIsKeptSoThatTheBusinessCanRefuseIt() {
    assertThat(OriginLines.parse("https://shop.example.com/cart/\nnot-an-origin/"))
        .containsExactly("https://shop.example.com/cart/", "not-an-origin/");
  }

  @Test
  void formattingPutsOneOriginOnEachLineAndParsesBack() {
    List<String> origins = List.of("https://a.example", "http://localhost:8080");

    String text = OriginLines.format(origins);

    assertThat(text).isEqualTo("https://a.example\nhttp://localhost:8080");
    assertThat(OriginLines.parse(text)).isEqualTo(origins);
  }

  @Test
  void theFirstEntryThatIsNoOriginIsNamedWithItsLine() {
    String text = "https://a.example/\n\nhttps://b.example, shop.example\nftp://c.example";

    assertThat(OriginLines.firstBad(text, entry -> entry.startsWith("https://")))
        .contains(new OriginLines.Bad(3, "shop.example"));
    assertThat(OriginLines.firstBad("https://a.example/", entry -> !entry.endsWith("/")))
        .as("the trailing slash browsers show is no fault")
        .isEmpty();
  }
}
