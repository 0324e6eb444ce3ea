package dev.kefu.metrics.boundary;

import dev.kefu.metrics.control.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in seconds, counted into buckets of fixed upper bounds, one set per combination of the
 * labels' values: Prometheus estimates quantiles from them ({@code histogram_quantile}).
 */
public final class Histogram {

  private final String name;
  private final String help;
  private final List<String> labels;
  private final double[] bounds;
  private final Map<List<String>, Buckets> series = new ConcurrentHashMap<>();

  Histogram(String name, String help, List<String> labels, double... bounds) {
    this.name = name;
    this.help = help;
    this.labels = labels;
    this.bounds = bounds.clone();
  }

  /** Counts a duration given in nanoseconds. */
  public void observeNanos(long nanos, String... values) {
    observe(nanos / 1e9, values);
  }

  /** Counts a duration given in seconds. */
  public void observe(double seconds, String... values) {
    series
        .computeIfAbsent(Labels.key(name, labels, values), k -> new Buckets(bounds.length))
        .add(bounds, seconds);
  }

  /** How many durations were counted for these values of the labels. */
  public long count(String... values) {
    Buckets buckets = series.get(List.of(values));
    return buckets == null ? 0 : buckets.count.sum();
  }

  void writeTo(Samples samples) {
    samples.family(name, "histogram", help);
    List<String> withBound = new ArrayList<>(labels);
    withBound.add("le");
    series.forEach(
        (values, buckets) -> {
          long cumulative = 0;
          for (int i = 0; i <= bounds.length; i++) {
            cumulative += buckets.counts[i].sum();
            List<String> bucket = new ArrayList<>(values);
            bucket.add(Samples.bound(i < bounds.length ? bounds[i] : Double.POSITIVE_INFINITY));
            samples.sample(name + "_bucket", withBound, bucket, cumulative);
          }
          samples.sample(name + "_sum", labels, values, buckets.sum.sum());
          samples.sample(name + "_count", labels, values, buckets.count.sum());
        });
  }

  private static final class Buckets {
    final LongAdder[] counts;
    final DoubleAdder sum = new DoubleAdder();
    final LongAdder count = new LongAdder();

    Buckets(int bounds) {
      counts = new LongAdder[bounds + 1];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void add(double[] bounds, double seconds) {
      int i = 0;
      while (i < bounds.length && seconds > bounds[i]) {
        i++;
      }
      counts[i].increment();
      sum.add(seconds);
      count.increment();
    }
  }
}
