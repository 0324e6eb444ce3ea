package dev.kefu.shared;

import java.util.regex.Pattern;

/**
 * The rule for one e-mail address as people type it where Kefu will write to them: a bare {@code
 * local@domain} and nothing else, since that is where an answer goes. Refused: a list ({@code ,} or
 * {@code ;}), a group ({@code name:a@x,b@y;}), a display name or angle brackets, quotes, comments,
 * whitespace inside, and any control, format or line-separator character anywhere (a CR or LF would
 * start a mail header; a zero-width or bidi character would hide what is there). Letters and digits
 * of any script are welcome ({@code 李雷@例子.中国}); spaces around the address are not part of it.
 */
public final class EmailAddress {

  /** The longest address taken, the local part and the domain together. */
  public static final int MAX_LENGTH = 320;

  // RFC 5322's dot-atom, with the letters, marks and digits of every script: atoms of "atext"
  // joined by single dots. A domain is two or more labels of letters, digits and inner hyphens.
  private static final String ATOM = "[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
  private static final String LABEL =
      "[\\p{L}\\p{M}\\p{N}](?:[\\p{L}\\p{M}\\p{N}-]*[\\p{L}\\p{M}\\p{N}])?";
  private static final Pattern ADDRESS =
      Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");

  // Controls (C0, DEL, C1), format characters, private use, unassigned code points, lone
  // surrogates, and the line and paragraph separators.
  private static final Pattern INVISIBLE = Pattern.compile("[\\p{C}\\p{Zl}\\p{Zp}]");

  private EmailAddress() {}

  /** Whether {@code text} is exactly one address (spaces around it aside). */
  public static boolean isOne(String text) {
    if (text == null || INVISIBLE.matcher(text).find()) {
      return false;
    }
    String address = text.strip();
    return address.length() <= MAX_LENGTH && ADDRESS.matcher(address).matches();
  }
}
