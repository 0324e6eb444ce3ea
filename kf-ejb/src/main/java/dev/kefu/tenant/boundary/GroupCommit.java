package dev.kefu.tenant.boundary;

import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stores what several threads hand in together, in one transaction, and answers each of them after
 * that commit: a few writer threads each take everything that waits (up to {@value #MAX_GROUP}),
 * per tenant, and give it to {@code store} in that tenant's scope.
 *
 * <p>{@link #submit} answers null where the item is to be stored alone instead: when {@code store}
 * left it out (answered null for it), when the group was refused as a whole (then every item of it
 * is stored alone again, so that a refusal reaches its own sender only), when the writers have
 * stopped, or outside a tenant's scope. A group of one passes its refusal on as it is.
 *
 * @param <T> what is stored
 * @param <R> the answer to each
 */
public final class GroupCommit<T, R> {

  /** The most items in one transaction: it holds the row locks of all of them. */
  public static final int MAX_GROUP = 100;

  private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

  private final Function<List<T>, List<R>> store;
  private final LinkedBlockingQueue<Pending<T, R>> waiting = new LinkedBlockingQueue<>();
  private final ExecutorService writing;
  private volatile boolean stopped;

  /** Starts {@code writers} threads from {@code threads} that store groups with {@code store}. */
  public GroupCommit(int writers, ThreadFactory threads, Function<List<T>, List<R>> store) {
    this.store = store;
    writing = Executors.newFixedThreadPool(writers, threads);
    for (int i = 0; i < writers; i++) {
      writing.execute(this::write);
    }
  }

  /** Stops the writers; what still waits is answered null, to be stored alone. */
  public void stop() {
    stopped = true;
    writing.shutdownNow();
    List<Pending<T, R>> left = new ArrayList<>();
    waiting.drainTo(left);
    left.forEach(p -> p.answer.complete(null));
  }

  /**
   * Stores {@code item} in the group being stored with it and answers after its commit; null when
   * it is to be stored alone. Throws what refused it alone in its group.
   */
  public R submit(T item) {
    String tenant = TenantHandover.current().orElse(null);
    if (stopped || tenant == null) {
      return null;
    }
    Pending<T, R> pending = new Pending<>(tenant, item);
    waiting.add(pending);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return pending.answer.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException slow) {
          if (stopped && waiting.remove(pending)) {
            return null;
          }
        } catch (InterruptedException e) {
          // The writer answers whatever happens; the socket's frame is not left half done.
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException refused) {
            throw refused;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How many items wait for a writer now (for tests that line a group up). */
  int waiting() {
    return waiting.size();
  }

  /** A writer thread: takes what waits, stores it per tenant, answers each, until stopped. */
  private void write() {
    List<Pending<T, R>> group = new ArrayList<>(MAX_GROUP);
    while (!stopped) {
      try {
        group.add(waiting.take());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
      waiting.drainTo(group, MAX_GROUP - 1);
      Map<String, List<Pending<T, R>>> byTenant = new LinkedHashMap<>();
      group.forEach(p -> byTenant.computeIfAbsent(p.tenant, t -> new ArrayList<>()).add(p));
      byTenant.forEach(this::store);
      group.clear();
    }
  }

  private void store(String tenant, List<Pending<T, R>> group) {
    List<T> items = new ArrayList<>(group.size());
    group.forEach(p -> items.add(p.item));
    try {
      List<R> answers = TenantHandover.within(tenant, () -> store.apply(items));
      for (int i = 0; i < group.size(); i++) {
        group.get(i).answer.complete(answers.get(i));
      }
    } catch (RuleViolation | NotFoundException refused) {
      if (group.size() == 1) {
        group.get(0).answer.completeExceptionally(refused);
      } else {
        group.forEach(p -> p.answer.complete(null));
      }
    } catch (RuntimeException | Error failed) {
      if (failed instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      LOG.log(Level.FINE, "a group of " + group.size() + " is stored one by one", failed);
      group.forEach(p -> p.answer.complete(null));
    }
  }

  private record Pending<T, R>(String tenant, T item, CompletableFuture<R> answer) {
    Pending(String tenant, T item) {
      this(tenant, item, new CompletableFuture<>());
    }
  }
}
