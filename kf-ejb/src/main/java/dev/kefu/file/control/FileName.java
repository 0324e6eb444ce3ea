package dev.kefu.file.control;

import java.text.Normalizer;

/**
 * The name a file is shown and downloaded under: the uploader's name without any folder, control or
 * reserved characters or lone UTF-16 surrogates, never empty nor hidden (starting with a dot), at
 * most {@value #MAX} characters, ending in an extension of the type found in its bytes (so {@code
 * invoice.html} holding a PNG is offered as {@code invoice.html.png}). It is never used on disk.
 */
public final class FileName {

  public static final int MAX = 200;

  private FileName() {}

  public static String of(String uploaded, FileType type) {
    String name = uploaded == null ? "" : Normalizer.normalize(uploaded, Normalizer.Form.NFC);
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    StringBuilder clean = new StringBuilder();
    name.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)
                  || "<>:\"|?*".indexOf(c) >= 0
                  || Character.getType(c) == Character.FORMAT
                  || Character.getType(c) == Character.SURROGATE) {
                clean.append('_');
              } else {
                clean.appendCodePoint(c);
              }
            });
    // Dots and white space in any order: ". . .x" is no less hidden once the dots are gone.
    int start = 0;
    while (start < clean.length()
        && (clean.charAt(start) == '.' || Character.isWhitespace(clean.charAt(start)))) {
      start++;
    }
    name = clean.substring(start).strip();
    if (name.isEmpty()) {
      name = "file";
    }
    String ext = FileType.extensionOf(name);
    String suffix = type.extensions().contains(ext) ? "" : "." + type.extensions().get(0);
    int room = MAX - suffix.length();
    if (name.codePointCount(0, name.length()) > room) {
      // Cut the base, keep a short extension.
      String keep = suffix.isEmpty() && ext.length() <= 10 ? "." + ext : "";
      String base = name.substring(0, name.length() - keep.length());
      name = base.substring(0, base.offsetByCodePoints(0, room - keep.length())) + keep;
    }
    return name + suffix;
  }
}
