package dev.kefu.view;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How values are written on the wire: in frames and in REST answers alike. */
public final class Wire {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Wire() {}

  /** ISO-8601 UTC with milliseconds, as {@code 2026-11-24T08:15:30.123Z}. */
  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }
}
