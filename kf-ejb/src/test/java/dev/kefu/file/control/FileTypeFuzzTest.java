package dev.kefu.file.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kefu.shared.Text;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@link FileType#sniff} answers for any first bytes and any name, and never throws; it reads no
 * byte past the length it is given; the name matters only for ZIP and OLE2 containers; and what it
 * calls text is UTF-8 (but for a character cut at the end of a full sample) without control
 * characters other than white space, and does not start with markup.
 *
 * <p>An input is one byte and then the file's first bytes. The low four bits of that byte pick the
 * name from {@link #NAMES} (so {@code 0} to {@code 9} and {@code :;<=>?} are names 0 to 15); with
 * its high bit set, the bytes are repeated to fill a whole sample of {@link FileType#SNIFF_BYTES},
 * so that a character may be cut at its end. The inputs kept with the test start from each kind of
 * file, for the fuzzer to vary.
 */
class FileTypeFuzzTest {

  static final String[] NAMES = {
    null,
    "",
    "x",
    "a.docx",
    "A.XLSX",
    "b.pptx",
    "c.doc",
    "d.xls",
    "e.ppt",
    "f.zip",
    "g.txt",
    "h.png",
    "i.",
    ".docx",
    "j.docx.exe",
    "k.Doc"
  };

  private static final Set<FileType> CONTAINERS =
      EnumSet.of(
          FileType.DOCX,
          FileType.XLSX,
          FileType.PPTX,
          FileType.ZIP,
          FileType.DOC,
          FileType.XLS,
          FileType.PPT);

  @FuzzTest
  void sniffAnswersForAnyBytes(byte[] input) {
    if (input.length == 0) {
      return;
    }
    String name = NAMES[input[0] & 0x0f];
    byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
    if ((input[0] & 0x80) != 0 && bytes.length > 0) {
      byte[] full = new byte[FileType.SNIFF_BYTES];
      for (int i = 0; i < full.length; i++) {
        full[i] = bytes[i % bytes.length];
      }
      bytes = full;
    }
    int length = Math.min(bytes.length, FileType.SNIFF_BYTES);
    byte[] exact = Arrays.copyOf(bytes, length);

    Optional<FileType> type = FileType.sniff(exact, length, name);

    // What lies in the buffer past the length does not count.
    byte[] buffer = new byte[FileType.SNIFF_BYTES];
    Arrays.fill(buffer, (byte) '<');
    System.arraycopy(exact, 0, buffer, 0, length);
    assertEquals(type, FileType.sniff(buffer, length, name), "bytes past the length were read");

    if (type.isEmpty() || !CONTAINERS.contains(type.get())) {
      assertEquals(type, FileType.sniff(exact, length, "x"), () -> "the name " + name + " counted");
    }
    if (type.equals(Optional.of(FileType.TEXT))) {
      assertIsPlainText(exact, length);
    }
  }

  private static void assertIsPlainText(byte[] head, int length) {
    boolean byteOrderMark =
        length >= 3
            && (head[0] & 0xff) == 0xef
            && (head[1] & 0xff) == 0xbb
            && (head[2] & 0xff) == 0xbf;
    int start = byteOrderMark ? 3 : 0;
    // A full sample may end in the first bytes of a character; nothing else may be malformed.
    int cut = length == FileType.SNIFF_BYTES ? 3 : 0;
    Optional<String> text = Optional.empty();
    for (int end = length; text.isEmpty() && end >= Math.max(start, length - cut); end--) {
      text = Text.utf8(head, start, end - start);
    }
    assertTrue(text.isPresent(), "text that is not UTF-8");
    String decoded = text.get();
    decoded
        .chars()
        .forEach(
            c ->
                assertFalse(
                    c < 0x20 && "\t\n\r\f".indexOf(c) < 0,
                    () -> "text with control character U+" + Integer.toHexString(c)));
    String visible =
        decoded
            .codePoints()
            .dropWhile(
                c ->
                    Character.isWhitespace(c)
                        || Character.isSpaceChar(c)
                        || Character.getType(c) == Character.FORMAT)
            .limit(1)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    assertFalse(
        visible.equals("<"),
        () -> "markup taken for text: " + new String(head, 0, length, StandardCharsets.UTF_8));
  }
}
