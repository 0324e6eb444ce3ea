package dev.kefu.file.control;

import dev.kefu.shared.Text;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of file Kefu accepts, each recognised by its first bytes rather than by the name or the
 * type the uploader claims: common images, PDF, plain text, Office documents and ZIP archives. SVG,
 * HTML and other markup are refused, because a browser would run their scripts if one were ever
 * opened as a page of Kefu's origin. Office documents are ZIP (OOXML) or OLE2 containers, so for
 * those two containers the name's extension picks the exact type; a container whose name matches no
 * Office extension is a plain ZIP, or refused (OLE2).
 */
public enum FileType {
  PNG("image/png", "png"),
  JPEG("image/jpeg", "jpg", "jpeg"),
  GIF("image/gif", "gif"),
  WEBP("image/webp", "webp"),
  PDF("application/pdf", "pdf"),
  TEXT("text/plain; charset=utf-8", "txt", "csv", "log", "md"),
  DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
  XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
  PPTX("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
  DOC("application/msword", "doc"),
  XLS("application/vnd.ms-excel", "xls"),
  PPT("application/vnd.ms-powerpoint", "ppt"),
  ZIP("application/zip", "zip");

  /** How many first bytes {@link #sniff} wants to see. */
  public static final int SNIFF_BYTES = 8192;

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] OLE2_MAGIC = {
    (byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a, (byte) 0xe1
  };

  private final String contentType;
  private final List<String> extensions;

  FileType(String contentType, String... extensions) {
    this.contentType = contentType;
    this.extensions = List.of(extensions);
  }

  public String contentType() {
    return contentType;
  }

  /** The file name extensions of this type, the usual one first. */
  public List<String> extensions() {
    return extensions;
  }

  /**
   * The type of a file from its first {@code length} bytes (up to {@link #SNIFF_BYTES}, fewer only
   * for a shorter file) and its name; empty for anything not on the list.
   */
  public static Optional<FileType> sniff(byte[] head, int length, String name) {
    String ext = extensionOf(name);
    if (startsWith(head, length, PNG_MAGIC)) {
      return Optional.of(PNG);
    }
    if (startsWith(head, length, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, length, ascii("GIF87a")) || startsWith(head, length, ascii("GIF89a"))) {
      return Optional.of(GIF);
    }
    if (length >= 12
        && startsWith(head, length, ascii("RIFF"))
        && regionIs(head, 8, ascii("WEBP"))) {
      return Optional.of(WEBP);
    }
    if (startsWith(head, length, ascii("%PDF-"))) {
      return Optional.of(PDF);
    }
    if (startsWith(head, length, new byte[] {'P', 'K', 3, 4})
        || startsWith(head, length, new byte[] {'P', 'K', 5, 6})) {
      return Optional.of(
          switch (ext) {
            case "docx" -> DOCX;
            case "xlsx" -> XLSX;
            case "pptx" -> PPTX;
            default -> ZIP;
          });
    }
    if (startsWith(head, length, OLE2_MAGIC)) {
      return switch (ext) {
        case "doc" -> Optional.of(DOC);
        case "xls" -> Optional.of(XLS);
        case "ppt" -> Optional.of(PPT);
        default -> Optional.empty();
      };
    }
    return isPlainText(head, length) ? Optional.of(TEXT) : Optional.empty();
  }

  /**
   * UTF-8 without control characters other than tab, line feeds and form feed, and not markup: a
   * text whose first visible character is {@code <} could be HTML, SVG or XML, which are refused,
   * however much white space or how many byte order marks come before it.
   */
  static boolean isPlainText(byte[] head, int length) {
    if (length == 0) {
      return false;
    }
    int start =
        startsWith(head, length, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}) ? 3 : 0;
    // A multi-byte character may be cut at the end of the sample: leave its bytes out.
    int end = length;
    if (length == SNIFF_BYTES) {
      int back = 0;
      while (back < 3 && end > start && (head[end - 1] & 0xc0) == 0x80) {
        end--;
        back++;
      }
      if (end > start && (head[end - 1] & 0xc0) == 0xc0) {
        end--;
      }
    }
    Optional<String> decoded = Text.utf8(head, start, end - start);
    if (decoded.isEmpty()) {
      return false;
    }
    String text = decoded.get();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        return false;
      }
    }
    return firstVisible(text) != '<';
  }

  /**
   * The first character a browser's sniffer or a reader would see: past white space of any kind
   * (the no-break space too) and invisible format characters (a byte order mark, zero-width ones);
   * 0 for none.
   */
  private static char firstVisible(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)
          && !Character.isSpaceChar(c)
          && Character.getType(c) != Character.FORMAT) {
        return c;
      }
    }
    return 0;
  }

  static String extensionOf(String name) {
    if (name == null) {
      return "";
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static boolean startsWith(byte[] head, int length, byte[] magic) {
    return length >= magic.length && regionIs(head, 0, magic);
  }

  private static boolean regionIs(byte[] head, int offset, byte[] expected) {
    for (int i = 0; i < expected.length; i++) {
      if (head[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
