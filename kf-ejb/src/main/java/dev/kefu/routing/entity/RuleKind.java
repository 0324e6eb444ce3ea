package dev.kefu.routing.entity;

import java.util.Locale;

/** What a routing rule looks at. */
public enum RuleKind {
  /** The page the visitor is on: a glob over the whole URL, {@code *} for any characters. */
  URL,
  /** The visitor's language: a language tag or its prefix ({@code zh} matches {@code zh-CN}). */
  LANGUAGE;

  /** The API's spelling: {@code url}, {@code language}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the API's spelling; {@code null} for anything else. */
  public static RuleKind fromWire(String value) {
    for (RuleKind kind : values()) {
      if (kind.wire().equals(value)) {
        return kind;
      }
    }
    return null;
  }
}
