package dev.kefu.file.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileTypeTest {

  private static Optional<FileType> sniff(byte[] head, String name) {
    byte[] buffer = Arrays.copyOf(head, FileType.SNIFF_BYTES);
    return FileType.sniff(buffer, Math.min(head.length, FileType.SNIFF_BYTES), name);
  }

  private static Optional<FileType> sniff(String text, String name) {
    return sniff(text.getBytes(StandardCharsets.UTF_8), name);
  }

  @Test
  void imagesAndPdfAreKnownByTheirFirstBytesWhateverTheirName() {
    assertThat(sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0}, "a.pdf"))
        .contains(FileType.PNG);
    assertThat(sniff(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}, "x"))
        .contains(FileType.JPEG);
    assertThat(sniff("GIF89a....", "x.txt")).contains(FileType.GIF);
    assertThat(sniff("RIFF\0\0\0\0WEBPVP8 ", "x")).contains(FileType.WEBP);
    assertThat(sniff("%PDF-1.7\n", "scan.png")).contains(FileType.PDF);
  }

  @Test
  void zipContainersAreOfficeDocumentsOnlyByTheirExtension() {
    byte[] zip = {'P', 'K', 3, 4, 20, 0};
    assertThat(sniff(zip, "report.DOCX")).contains(FileType.DOCX);
    assertThat(sniff(zip, "sheet.xlsx")).contains(FileType.XLSX);
    assertThat(sniff(zip, "archive.zip")).contains(FileType.ZIP);
    assertThat(sniff(zip, "game.apk")).contains(FileType.ZIP);
    byte[] ole = {
      (byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a, (byte) 0xe1
    };
    assertThat(sniff(ole, "old.doc")).contains(FileType.DOC);
    assertThat(sniff(ole, "mail.msg")).isEmpty();
  }

  @Test
  void markupIsRefusedEvenAsText() {
    assertThat(sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "logo.png")).isEmpty();
    assertThat(sniff("<?xml version=\"1.0\"?><svg/>", "logo.svg")).isEmpty();
    assertThat(sniff("\n  <!DOCTYPE html><html>", "page.txt")).isEmpty();
    assertThat(sniff("\uFEFF<html>", "page.txt")).isEmpty();
    assertThat(sniff("\u00a0<script>alert(1)</script>", "page.txt")).isEmpty();
    assertThat(sniff("\uFEFF\uFEFF<html>", "page.txt")).isEmpty();
    assertThat(sniff("\u200b\u3000 <svg/>", "page.txt")).isEmpty();
    assertThat(sniff("\u00a0a < b", "notes.txt")).isPresent();
  }

  @Test
  void plainUtf8TextIsTextAndBinaryIsNot() {
    assertThat(sniff("订单 42\nline two\ttab\r\n", "notes")).contains(FileType.TEXT);
    assertThat(sniff(new byte[] {'M', 'Z', (byte) 0x90, 0, 3}, "tool.exe")).isEmpty();
    assertThat(sniff(new byte[] {(byte) 0xc3, 0x28}, "latin.txt")).isEmpty();
    assertThat(sniff(new byte[0], "empty.txt")).isEmpty();
  }

  @Test
  void aMultiByteCharacterCutAtTheEndOfTheSampleIsStillText() {
    byte[] head = new byte[FileType.SNIFF_BYTES];
    Arrays.fill(head, (byte) 'a');
    byte[] han = "中".getBytes(StandardCharsets.UTF_8);
    head[head.length - 2] = han[0];
    head[head.length - 1] = han[1];
    assertThat(FileType.sniff(head, head.length, "long.txt")).contains(FileType.TEXT);
  }
}
