package dev.kefu.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/** Runs work on several threads that all start at the same moment, for crowds of clients. */
final class AtOnce {

  private AtOnce() {}

  /** Runs {@code work(0)} … {@code work(count - 1)}, each on a thread of its own; waits for all. */
  static void run(int count, IntConsumer work) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      int which = n;
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                work.accept(which);
              });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
