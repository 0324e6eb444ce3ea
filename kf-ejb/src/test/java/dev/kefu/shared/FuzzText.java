package dev.kefu.shared;

/**
 * Fuzz inputs as Java strings of any content, lone UTF-16 surrogates included, so that an input
 * file stays readable where it is plain UTF-8: well-formed UTF-8 is read as such; a surrogate
 * written as UTF-8 would write it, were it allowed ({@code ED A0 80} to {@code ED BF BF}), is that
 * lone surrogate; any other byte is U+FFFD.
 */
public final class FuzzText {

  private FuzzText() {}

  /** The text of {@code bytes[from, to)}. */
  public static String of(byte[] bytes, int from, int to) {
    StringBuilder text = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      int lead = bytes[i] & 0xff;
      int more;
      int min;
      int codePoint;
      if (lead < 0x80) {
        text.append((char) lead);
        i++;
        continue;
      } else if (lead >= 0xc2 && lead <= 0xdf) {
        more = 1;
        min = 0x80;
        codePoint = lead & 0x1f;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        more = 2;
        min = 0x800;
        codePoint = lead & 0x0f;
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        more = 3;
        min = 0x10000;
        codePoint = lead & 0x07;
      } else {
        text.append('\uFFFD');
        i++;
        continue;
      }
      boolean wellFormed = i + more < to;
      for (int k = 1; wellFormed && k <= more; k++) {
        int next = bytes[i + k] & 0xff;
        wellFormed = (next & 0xc0) == 0x80;
        codePoint = (codePoint << 6) | (next & 0x3f);
      }
      if (wellFormed && codePoint >= min && codePoint <= Character.MAX_CODE_POINT) {
        text.appendCodePoint(codePoint);
        i += more + 1;
      } else {
        text.append('\uFFFD');
        i++;
      }
    }
    return text.toString();
  }
}
