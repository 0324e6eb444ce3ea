package dev.kefu.metrics.control;

import java.util.List;

/**
 * Prometheus's text exposition format (version 0.0.4): the family's {@code # HELP} and {@code #
 * TYPE} lines, then one line per sample, {@code name{label="value",...} number}.
 */
public final class Samples {

  /** The media type of the format, as Prometheus asks for it. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder text = new StringBuilder(4096);

  /** Starts a family of samples. */
  public Samples family(String name, String type, String help) {
    text.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** One sample: its name, its labels' names and values (in pairs), and its value. */
  public Samples sample(String name, List<String> labels, List<String> values, double value) {
    text.append(name);
    if (!labels.isEmpty()) {
      text.append('{');
      for (int i = 0; i < labels.size(); i++) {
        if (i > 0) {
          text.append(',');
        }
        text.append(labels.get(i)).append("=\"").append(escapeValue(values.get(i))).append('"');
      }
      text.append('}');
    }
    text.append(' ').append(number(value)).append('\n');
    return this;
  }

  @Override
  public String toString() {
    return text.toString();
  }

  /** A number as the format writes it: whole numbers without a fraction, and NaN, +Inf, -Inf. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** A bucket's bound as its {@code le} label. */
  public static String bound(double bound) {
    return Double.isInfinite(bound) ? "+Inf" : Double.toString(bound);
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
