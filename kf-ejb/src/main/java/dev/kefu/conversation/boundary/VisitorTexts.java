package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.MessageText;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.TenantHandover;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The group commit of visitors' text messages: the messages that arrive while the node is storing
 * others are stored together, in one transaction, and each is acknowledged after that commit.
 *
 * <p>A message stored alone costs a transaction of its own: the container's work around it, a
 * commit and a write of the database's log. Under load most of a node's messages arrive while
 * others are being stored, so a few writer threads ({@code kf.messages.writers}, 2 by default) each
 * take every waiting message (up to {@value #MAX_GROUP}) and store them with {@link
 * Messages#postTextsFromVisitors}. The socket's thread waits for its message's commit, so a
 * client's frames are still handled one after the other, and nothing is acknowledged before it is
 * stored.
 *
 * <p>What a group cannot hold is posted alone, as before: a message that opens a conversation (it
 * routes it), one with a file or a pre-chat form (the caller never sends those here), and, when a
 * group is refused as a whole (a refused word, a deadlock, the database gone), each of its messages
 * again, so that a refusal reaches its own sender only and each failure is answered as a message
 * posted alone would be. {@code kf.messages.writers=0} posts every message alone.
 */
@ApplicationScoped
public class VisitorTexts {

  /** The most messages in one transaction: it holds the row locks of all their conversations. */
  static final int MAX_GROUP = 100;

  private static final Logger LOG = Logger.getLogger(VisitorTexts.class.getName());

  @Resource ManagedThreadFactory threads;
  @Inject Messages messages;

  @Inject
  @ConfigProperty(name = "kf.messages.writers", defaultValue = "2")
  int writers;

  private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
  private ExecutorService writing;
  private volatile boolean stopped;

  @PostConstruct
  void start() {
    if (writers <= 0 || threads == null) {
      return;
    }
    writing = Executors.newFixedThreadPool(writers, threads);
    for (int i = 0; i < writers; i++) {
      writing.execute(this::write);
    }
  }

  @PreDestroy
  void stop() {
    stopped = true;
    if (writing != null) {
      writing.shutdownNow();
    }
    List<Pending> left = new ArrayList<>();
    waiting.drainTo(left);
    left.forEach(p -> p.answer.complete(null));
  }

  /**
   * Stores a visitor's text message, as {@link Messages#postFromVisitor(String, String, String,
   * String)} does, in the group of messages being stored with it; returns after its commit. Called
   * in the visitor's tenant scope.
   */
  public Posted post(String visitorId, String clientMsgId, String text, String origin) {
    // What is wrong with the frame itself is answered here, not by refusing the whole group.
    MessageText.checkedClientMsgId(clientMsgId);
    MessageText.checked(text);
    String tenant = TenantHandover.current().orElse(null);
    if (writing == null || stopped || tenant == null) {
      return messages.postFromVisitor(visitorId, clientMsgId, text, origin);
    }
    Pending pending = new Pending(tenant, new VisitorText(visitorId, clientMsgId, text, origin));
    waiting.add(pending);
    Posted posted = pending.await(this);
    return posted != null ? posted : messages.postFromVisitor(visitorId, clientMsgId, text, origin);
  }

  /** A writer thread: takes what waits, stores it per tenant, answers each, until stopped. */
  private void write() {
    List<Pending> group = new ArrayList<>(MAX_GROUP);
    while (!stopped) {
      try {
        group.add(waiting.take());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
      waiting.drainTo(group, MAX_GROUP - 1);
      Map<String, List<Pending>> byTenant = new LinkedHashMap<>();
      group.forEach(p -> byTenant.computeIfAbsent(p.tenant, t -> new ArrayList<>()).add(p));
      byTenant.forEach(this::store);
      group.clear();
    }
  }

  private void store(String tenant, List<Pending> group) {
    List<VisitorText> texts = new ArrayList<>(group.size());
    group.forEach(p -> texts.add(p.text));
    try {
      List<Posted> posted =
          TenantHandover.within(tenant, () -> messages.postTextsFromVisitors(texts));
      for (int i = 0; i < group.size(); i++) {
        group.get(i).answer.complete(posted.get(i));
      }
    } catch (RuleViolation | NotFoundException refused) {
      if (group.size() == 1) {
        // Alone in its group: the refusal is its own, as it would be posted alone.
        group.get(0).answer.completeExceptionally(refused);
      } else {
        group.forEach(p -> p.answer.complete(null));
      }
    } catch (RuntimeException | Error failed) {
      if (failed instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      LOG.log(Level.FINE, "a group of " + group.size() + " messages is posted one by one", failed);
      group.forEach(p -> p.answer.complete(null));
    }
  }

  /** A message waiting for its group's commit; answered with its acknowledgement, or null. */
  private static final class Pending {
    final String tenant;
    final VisitorText text;
    final CompletableFuture<Posted> answer = new CompletableFuture<>();

    Pending(String tenant, VisitorText text) {
      this.tenant = tenant;
      this.text = text;
    }

    /**
     * The acknowledgement, or null to post it alone: also when the writers stopped before taking
     * it. A refusal of the message itself is thrown, as posting it alone would.
     */
    Posted await(VisitorTexts texts) {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return answer.get(1, TimeUnit.SECONDS);
          } catch (TimeoutException slow) {
            if (texts.stopped && texts.waiting.remove(this)) {
              return null;
            }
          } catch (InterruptedException e) {
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
  }
}
