package dev.kefu.file.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNameTest {

  @Test
  void foldersAndControlCharactersAreTakenOut() {
    assertThat(FileName.of("../../etc/passwd.txt", FileType.TEXT)).isEqualTo("passwd.txt");
    assertThat(FileName.of("C:\\Users\\li\\照片.png", FileType.PNG)).isEqualTo("照片.png");
    assertThat(FileName.of("a\u0000b\u202e.png", FileType.PNG)).isEqualTo("a_b_.png");
    assertThat(FileName.of("  ..hidden.pdf ", FileType.PDF)).isEqualTo("hidden.pdf");
  }

  @Test
  void noNameIsLeftHiddenByDotsAndSpacesInTurn() {
    assertThat(FileName.of(". . .x.pdf", FileType.PDF)).isEqualTo("x.pdf");
    assertThat(FileName.of(".. .", FileType.XLSX)).isEqualTo("file.xlsx");
    assertThat(FileName.of(" .\u2003. .env", FileType.TEXT)).isEqualTo("env.txt");
    assertThat(FileName.of("a. .b.txt", FileType.TEXT)).isEqualTo("a. .b.txt");
  }

  @Test
  void aLoneSurrogateIsReplacedAsAControlCharacterIs() {
    // Not valid text: it could not be encoded in the header the file is downloaded with.
    assertThat(FileName.of("a\ud800b.png", FileType.PNG)).isEqualTo("a_b.png");
    assertThat(FileName.of("a\udfff.png", FileType.PNG)).isEqualTo("a_.png");
    assertThat(FileName.of("😀.png", FileType.PNG)).isEqualTo("😀.png");
  }

  @Test
  void theRealTypesExtensionIsAddedWhenTheNameHasNoneOfIt() {
    assertThat(FileName.of("invoice.html", FileType.PNG)).isEqualTo("invoice.html.png");
    assertThat(FileName.of("photo.JPEG", FileType.JPEG)).isEqualTo("photo.JPEG");
    assertThat(FileName.of(null, FileType.PDF)).isEqualTo("file.pdf");
    assertThat(FileName.of("", FileType.TEXT)).isEqualTo("file.txt");
  }

  @Test
  void aLongNameIsCutAndKeepsItsExtension() {
    String name = FileName.of("长".repeat(300) + ".pdf", FileType.PDF);
    assertThat(name.codePointCount(0, name.length())).isEqualTo(FileName.MAX);
    assertThat(name).endsWith("长.pdf");
  }
}
