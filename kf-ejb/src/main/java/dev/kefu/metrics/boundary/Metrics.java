package dev.kefu.metrics.boundary;

import dev.kefu.events.MessagePosted;
import dev.kefu.metrics.control.Samples;
import dev.kefu.shared.BackgroundFailure;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * What this node counts for its operators, in Prometheus's text format at {@code /metrics}: the
 * sockets it holds, the messages it stores, how long an acknowledgement and an assignment take, the
 * queue, the errors it answers by kind, its sweeps, and its JVM. Each node counts its own work; a
 * Prometheus that scrapes every node sums them.
 *
 * <p>Components above this one count through the families here, and register the gauges only they
 * can read ({@link #gauge}). Names follow Prometheus's conventions: {@code kefu_} and the unit
 * ({@code _seconds}, {@code _total} for counts). docs/operations.md lists them all.
 */
@ApplicationScoped
public class Metrics {

  @Inject Event<BackgroundFailure> backgroundFailures;

  /** The media type of {@link #exposition()}, as Prometheus asks for it. */
  public static final String CONTENT_TYPE = Samples.CONTENT_TYPE;

  /** Bounds of the latency buckets, in seconds: from 5 ms up to a minute. */
  private static final double[] LATENCY = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  /** Bounds of the waits for an agent, in seconds: from a second up to an hour. */
  private static final double[] WAIT = {1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};

  private final Counter messages =
      new Counter(
          "kefu_messages_total",
          "Messages this node stored, by who sent them (visitor, agent, system, bot).",
          List.of("sender"));
  private final Counter errors =
      new Counter(
          "kefu_errors_total",
          "Errors this node answered, by where (socket: an error frame; http: an API error) and"
              + " by their code (bad_request, rate_limited, not_found, unavailable, internal, ...).",
          List.of("edge", "code"));
  private final Histogram acks =
      new Histogram(
          "kefu_ack_seconds",
          "From a send frame's arrival to its ack, once the message was stored, by side (visitor,"
              + " agent).",
          List.of("side"),
          LATENCY);
  private final Histogram assignments =
      new Histogram(
          "kefu_assignment_seconds",
          "From a conversation's first message to its first agent, for conversations this node"
              + " assigned.",
          List.of(),
          WAIT);
  private final Counter sweeps =
      new Counter(
          "kefu_sweeps_total",
          "Background sweeps this node ran, by sweep, and how many of them failed.",
          List.of("sweep", "outcome"));
  private final Histogram sweepTimes =
      new Histogram(
          "kefu_sweep_seconds", "How long each sweep took, by sweep.", List.of("sweep"), LATENCY);

  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
  private final long started = System.currentTimeMillis();

  @Resource TransactionSynchronizationRegistry transactions;

  /** Counts the messages stored on this node, once their transaction committed. */
  void stored(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessagePosted message) {
    messages.inc(message.senderType());
  }

  public Counter messages() {
    return messages;
  }

  /** Errors answered, by edge ({@code socket}, {@code http}) and code. */
  public Counter errors() {
    return errors;
  }

  /** Acknowledgements of sent messages, by side ({@code visitor}, {@code agent}). */
  public Histogram acks() {
    return acks;
  }

  /** Waits of new conversations for their first agent. */
  public Histogram assignments() {
    return assignments;
  }

  /**
   * Runs a sweep and counts it, with its duration and whether it threw (which it throws on).
   *
   * @param sweep the sweep's name in the metrics, such as {@code orphaned_conversations}
   */
  public void sweep(String sweep, Runnable work) {
    long start = System.nanoTime();
    String outcome = "failed";
    try {
      work.run();
      outcome = "done";
    } catch (RuntimeException e) {
      failed(e);
      throw e;
    } finally {
      sweeps.inc(sweep, outcome);
      sweepTimes.observeNanos(System.nanoTime() - start, sweep);
    }
  }

  /**
   * Tells the node about a failure of background work (see {@link BackgroundFailure}); the caller
   * goes on handling it as before.
   */
  public void failed(RuntimeException failure) {
    if (backgroundFailures != null) {
      backgroundFailures.fire(new BackgroundFailure(failure));
    }
  }

  /**
   * Runs {@code counting} once the current transaction has committed, and not if it rolls back; at
   * once when there is no transaction. A count of what a transaction did must not count what it did
   * not keep.
   */
  public void afterCommit(Runnable counting) {
    if (transactions == null || transactions.getTransactionKey() == null) {
      counting.run();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              counting.run();
            }
          }
        });
  }

  /**
   * A value read when the metrics are read: one sample of the family {@code name} for each set of
   * label values registered under it. Registering the same name and values again replaces the
   * reader.
   *
   * @param labels the labels' names and values, in pairs, such as {@code side, visitor}
   */
  public void gauge(String name, String help, DoubleSupplier reader, String... labels) {
    gauges.computeIfAbsent(name, n -> new Gauge(n, help)).put(List.of(labels), reader);
  }

  /** Every family, in Prometheus's text format. */
  public String exposition() {
    Samples samples = new Samples();
    messages.writeTo(samples);
    errors.writeTo(samples);
    acks.writeTo(samples);
    assignments.writeTo(samples);
    sweeps.writeTo(samples);
    sweepTimes.writeTo(samples);
    gauges.values().stream()
        .sorted(java.util.Comparator.comparing(Gauge::name))
        .forEach(gauge -> gauge.writeTo(samples));
    jvm(samples);
    return samples.toString();
  }

  /** The process and its JVM, named as Prometheus's own Java client names them. */
  private void jvm(Samples samples) {
    List<String> none = List.of();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
      samples
          .family("process_cpu_seconds_total", "counter", "CPU time of the process, in seconds.")
          .sample("process_cpu_seconds_total", none, none, hotspot.getProcessCpuTime() / 1e9);
    }
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      samples
          .family("process_open_fds", "gauge", "Open file descriptors (sockets among them).")
          .sample("process_open_fds", none, none, unix.getOpenFileDescriptorCount())
          .family("process_max_fds", "gauge", "The most file descriptors the process may open.")
          .sample("process_max_fds", none, none, unix.getMaxFileDescriptorCount());
    }
    samples
        .family(
            "process_start_time_seconds",
            "gauge",
            "When the application started, in seconds since the epoch.")
        .sample("process_start_time_seconds", none, none, started / 1000.0);
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage other = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    List<String> area = List.of("area");
    samples
        .family("jvm_memory_bytes_used", "gauge", "Memory in use, by area (heap, nonheap).")
        .sample("jvm_memory_bytes_used", area, List.of("heap"), heap.getUsed())
        .sample("jvm_memory_bytes_used", area, List.of("nonheap"), other.getUsed())
        .family("jvm_memory_bytes_max", "gauge", "The most memory an area may use (-1: no limit).")
        .sample("jvm_memory_bytes_max", area, List.of("heap"), heap.getMax())
        .sample("jvm_memory_bytes_max", area, List.of("nonheap"), other.getMax())
        .family("jvm_threads_current", "gauge", "Live threads of the JVM.")
        .sample(
            "jvm_threads_current",
            none,
            none,
            ManagementFactory.getThreadMXBean().getThreadCount());
    samples.family(
        "jvm_gc_collection_seconds_total",
        "counter",
        "Time spent collecting garbage, by collector.");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      samples.sample(
          "jvm_gc_collection_seconds_total",
          List.of("gc"),
          List.of(gc.getName()),
          Math.max(0, gc.getCollectionTime()) / 1000.0);
    }
  }

  /** A family of values read at each scrape. */
  private static final class Gauge {
    private final String name;
    private final String help;
    private final Map<List<String>, DoubleSupplier> readers = new ConcurrentHashMap<>();

    Gauge(String name, String help) {
      this.name = name;
      this.help = help;
    }

    String name() {
      return name;
    }

    void put(List<String> labels, DoubleSupplier reader) {
      readers.put(labels, reader);
    }

    void writeTo(Samples samples) {
      samples.family(name, "gauge", help);
      readers.forEach(
          (pairs, reader) -> {
            List<String> names = new java.util.ArrayList<>();
            List<String> values = new java.util.ArrayList<>();
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
              names.add(pairs.get(i));
              values.add(pairs.get(i + 1));
            }
            double value;
            try {
              value = reader.getAsDouble();
            } catch (RuntimeException unreadable) {
              // A reader that needs the database says nothing while it is down; /health says why.
              return;
            }
            samples.sample(name, names, values, value);
          });
    }
  }
}
