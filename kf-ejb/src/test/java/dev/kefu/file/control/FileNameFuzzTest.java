package dev.kefu.file.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kefu.shared.FuzzText;
import dev.kefu.shared.Text;

/**
 * Any uploaded name becomes a name that is safe to offer: never empty or hidden (a leading dot),
 * nothing of a folder, no control, format or reserved character, valid text, at most {@link
 * FileName#MAX} characters, with an extension of the type found in the bytes; and sanitizing it
 * again changes nothing.
 *
 * <p>An input is the type's index (its first byte, modulo the number of types) and then the name,
 * as {@link FuzzText} reads it: {@code A. . .x} is {@code ". . .x"} for a PNG.
 */
class FileNameFuzzTest {

  private static final FileType[] TYPES = FileType.values();

  @FuzzTest
  void sanitizedNameIsSafe(byte[] input) {
    if (input.length == 0) {
      return;
    }
    FileType type = TYPES[(input[0] & 0xff) % TYPES.length];
    String uploaded = FuzzText.of(input, 1, input.length);
    String name = FileName.of(uploaded, type);

    assertFalse(name.isEmpty(), "empty");
    assertFalse(name.startsWith("."), () -> "hidden: " + name);
    assertFalse(Character.isWhitespace(name.charAt(0)), () -> "white space first: " + name);
    assertTrue(name.codePointCount(0, name.length()) <= FileName.MAX, () -> "too long: " + name);
    assertTrue(Text.acceptable(name), () -> "not valid text: " + name);
    name.codePoints()
        .forEach(
            c ->
                assertFalse(
                    Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT
                        || "/\\<>:\"|?*".indexOf(c) >= 0,
                    () -> "holds U+" + Integer.toHexString(c) + ": " + name));
    assertTrue(
        type.extensions().contains(FileType.extensionOf(name)),
        () -> "not a " + type + " extension: " + name);
    assertEquals(name, FileName.of(name, type), "sanitized twice");
  }
}
