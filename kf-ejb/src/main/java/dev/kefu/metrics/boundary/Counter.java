package dev.kefu.metrics.boundary;

import dev.kefu.metrics.control.Samples;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A count that only grows, one per combination of its labels' values. */
public final class Counter {

  private final String name;
  private final String help;
  private final List<String> labels;
  private final Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();

  Counter(String name, String help, List<String> labels) {
    this.name = name;
    this.help = help;
    this.labels = labels;
  }

  /** Adds one for these values of the labels, in the order the labels were named. */
  public void inc(String... values) {
    add(1, values);
  }

  public void add(long amount, String... values) {
    counts.computeIfAbsent(Labels.key(name, labels, values), k -> new LongAdder()).add(amount);
  }

  /** The count for these values of the labels (0 when none was counted). */
  public long count(String... values) {
    LongAdder count = counts.get(List.of(values));
    return count == null ? 0 : count.sum();
  }

  void writeTo(Samples samples) {
    samples.family(name, "counter", help);
    counts.forEach((values, count) -> samples.sample(name, labels, values, count.sum()));
  }
}
