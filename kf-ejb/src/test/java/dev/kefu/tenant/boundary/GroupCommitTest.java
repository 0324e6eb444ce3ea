package dev.kefu.tenant.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit that text messages, first messages and hellos go through: what waits while a
 * group is stored is stored together, in the tenant it was handed in for, and each sender gets its
 * own answer; what cannot be stored in a group comes back null, to be stored alone.
 */
class GroupCommitTest {

  private final List<List<String>> stored = new CopyOnWriteArrayList<>();
  private final ExecutorService senders = Executors.newFixedThreadPool(8);
  private final CountDownLatch firstStoring = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private GroupCommit<String, String> group;

  @AfterEach
  void stop() {
    if (group != null) {
      group.stop();
    }
    senders.shutdownNow();
  }

  /** One writer whose first group waits for {@link #release}, so that the next ones line up. */
  private void start(Function<List<String>, List<String>> then) {
    group =
        new GroupCommit<>(
            1,
            Thread::new,
            items -> {
              if (stored.isEmpty()) {
                firstStoring.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              stored.add(List.copyOf(items));
              return then.apply(items);
            });
  }

  private Future<String> send(String tenant, String item) {
    return senders.submit(() -> TenantHandover.within(tenant, () -> group.submit(item)));
  }

  /** Waits until {@code count} items wait for the writer. */
  private void waitFor(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (group.waiting() != count) {
      assertThat(System.nanoTime()).as("%d items waiting", count).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** Sends {@code first}, waits until its group is being stored, then lines {@code next} up. */
  private List<Future<String>> lineUp(String first, List<String> next) throws Exception {
    List<Future<String>> answers = new ArrayList<>();
    answers.add(send("t1", first));
    assertThat(firstStoring.await(10, TimeUnit.SECONDS)).isTrue();
    for (String item : next) {
      answers.add(send("t1", item));
    }
    waitFor(next.size());
    release.countDown();
    return answers;
  }

  @Test
  void whatWaitsWhileAGroupIsStoredIsStoredTogetherEachAnsweredItsOwnInItsTenant()
      throws Exception {
    start(
        items ->
            items.stream()
                .map(i -> i.equals("alone") ? null : i + "@" + TenantHandover.current().get())
                .toList());
    List<Future<String>> answers = lineUp("a", List.of("b", "c", "alone", "d"));

    assertThat(answers.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("a@t1");
    assertThat(answers.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("b@t1");
    assertThat(answers.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("c@t1");
    assertThat(answers.get(3).get(10, TimeUnit.SECONDS)).as("left out: stored alone").isNull();
    assertThat(answers.get(4).get(10, TimeUnit.SECONDS)).isEqualTo("d@t1");
    assertThat(stored).hasSize(2);
    assertThat(stored.get(1)).containsExactlyInAnyOrder("b", "c", "alone", "d");
  }

  @Test
  void aGroupRefusedAsAWholeSendsEachAloneAndAGroupOfOneGetsItsRefusal() throws Exception {
    start(
        items -> {
          if (items.contains("refused")) {
            throw new RuleViolation("bad_request", "refused");
          }
          return items;
        });
    List<Future<String>> answers = lineUp("a", List.of("refused", "b"));

    assertThat(answers.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("a");
    assertThat(answers.get(1).get(10, TimeUnit.SECONDS)).isNull();
    assertThat(answers.get(2).get(10, TimeUnit.SECONDS)).isNull();
    Future<String> alone = send("t1", "refused");
    assertThatThrownBy(() -> alone.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RuleViolation.class);
  }

  @Test
  void itemsOfTwoTenantsAreStoredApartEachInItsOwnTenant() throws Exception {
    start(items -> items.stream().map(i -> i + "@" + TenantHandover.current().get()).toList());
    Future<String> first = send("t1", "a");
    assertThat(firstStoring.await(10, TimeUnit.SECONDS)).isTrue();
    Future<String> ofOne = send("t1", "b");
    waitFor(1);
    Future<String> ofTwo = send("t2", "c");
    waitFor(2);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a@t1");
    assertThat(ofOne.get(10, TimeUnit.SECONDS)).isEqualTo("b@t1");
    assertThat(ofTwo.get(10, TimeUnit.SECONDS)).isEqualTo("c@t2");
    assertThat(stored).containsExactly(List.of("a"), List.of("b"), List.of("c"));
  }

  @Test
  void outsideATenantOrAfterTheStopNothingIsGrouped() throws Exception {
    start(items -> items);
    assertThat(senders.submit(() -> group.submit("no tenant")).get(10, TimeUnit.SECONDS)).isNull();
    group.stop();
    assertThat(send("t1", "late").get(10, TimeUnit.SECONDS)).isNull();
    assertThat(stored).isEmpty();
  }
}
