package dev.kefu.admin.control;

import java.util.Locale;

/**
 * How the reports and the dashboard write their figures, the same in both languages: times as
 * {@code m:ss} (or {@code h:mm:ss} from an hour), shares as percentages with one decimal, star
 * averages with one decimal, and a dash where nothing was measured.
 */
public final class ReportFormat {

  public static final String NONE = "–";

  private ReportFormat() {}

  /** Seconds as {@code 0:42}, {@code 12:05} or {@code 1:02:03}. */
  public static String time(Double seconds) {
    if (seconds == null) {
      return NONE;
    }
    long total = Math.round(seconds);
    long hours = total / 3600;
    long minutes = (total % 3600) / 60;
    long rest = total % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest)
        : String.format(Locale.ROOT, "%d:%02d", minutes, rest);
  }

  /** A share from 0 to 1 as {@code 12.5%}. */
  public static String percent(Double share) {
    return share == null ? NONE : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** An average of stars as {@code 4.3}. */
  public static String score(Double average) {
    return average == null ? NONE : String.format(Locale.ROOT, "%.1f", average);
  }
}
