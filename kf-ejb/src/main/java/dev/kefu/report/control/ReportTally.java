package dev.kefu.report.control;

import dev.kefu.report.entity.Figures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report's figures counted from its conversations one at a time, as {@link ReportQuery#times()}
 * reads them: per group and for the whole period in the same pass. Medians and 90th percentiles are
 * taken as SQL's {@code PERCENTILE_CONT} takes them (linear between the two nearest values).
 *
 * <p>The database only reads the period's rows from its covering index; the sorting for the
 * percentiles is done here, once per time and group. In MariaDB, six percentile window functions
 * over 100,000 conversations cost seconds; here they cost milliseconds.
 */
public final class ReportTally {

  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Group total = new Group();

  /**
   * Counts one conversation of the group {@code key}; the times are in seconds, null where not
   * measured (see {@link ReportQuery}).
   */
  public void add(
      String key,
      String state,
      boolean answered,
      Integer rating,
      Double wait,
      Double firstResponse,
      Double handle) {
    groups
        .computeIfAbsent(key, k -> new Group())
        .add(state, answered, rating, wait, firstResponse, handle);
    total.add(state, answered, rating, wait, firstResponse, handle);
  }

  /**
   * The figures of each group, labelled from {@code labels} by key (a key without a label is its
   * own label), in no particular order.
   */
  public List<Figures> figures(Map<String, String> labels) {
    List<Figures> figures = new ArrayList<>(groups.size());
    groups.forEach(
        (key, group) -> {
          String label = labels.get(key);
          figures.add(group.figures(key, label == null || label.isEmpty() ? key : label));
        });
    return figures;
  }

  /** The figures of every conversation counted; null when there was none. */
  public Figures total() {
    return total.conversations == 0 ? null : total.figures("all", "all");
  }

  private static final class Group {
    long conversations;
    long answered;
    long ended;
    long missed;
    long rated;
    long good;
    long bad;
    long stars;
    double handleSum;
    final Times wait = new Times();
    final Times firstResponse = new Times();
    final Times handle = new Times();

    void add(
        String state,
        boolean wasAnswered,
        Integer rating,
        Double waitSeconds,
        Double firstSeconds,
        Double handleSeconds) {
      conversations++;
      if (wasAnswered) {
        answered++;
      }
      if ("CLOSED".equals(state) || "MISSED".equals(state)) {
        ended++;
      }
      if ("MISSED".equals(state)) {
        missed++;
      }
      if (rating != null) {
        rated++;
        stars += rating;
        if (rating >= 4) {
          good++;
        } else if (rating <= 2) {
          bad++;
        }
      }
      wait.add(waitSeconds);
      firstResponse.add(firstSeconds);
      if (handleSeconds != null) {
        handleSum += handleSeconds;
      }
      handle.add(handleSeconds);
    }

    Figures figures(String key, String label) {
      return new Figures(
          key,
          label,
          conversations,
          answered,
          ended,
          missed,
          wait.size,
          wait.percentile(0.5),
          wait.percentile(0.9),
          firstResponse.percentile(0.5),
          firstResponse.percentile(0.9),
          handle.size,
          handle.percentile(0.5),
          handle.percentile(0.9),
          handle.size == 0 ? null : handleSum / handle.size,
          rated,
          good,
          bad,
          stars);
    }
  }

  /** The measured values of one time, sorted once when a percentile is first asked for. */
  static final class Times {
    private double[] values = new double[16];
    private int size;
    private boolean sorted = true;

    void add(Double value) {
      if (value == null) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
      sorted = false;
    }

    /** The continuous percentile, {@code fraction} 0 to 1; null without values. */
    Double percentile(double fraction) {
      if (size == 0) {
        return null;
      }
      if (!sorted) {
        Arrays.sort(values, 0, size);
        sorted = true;
      }
      double position = fraction * (size - 1);
      int lower = (int) Math.floor(position);
      int upper = (int) Math.ceil(position);
      return values[lower] + (position - lower) * (values[upper] - values[lower]);
    }
  }
}
