package dev.kefu.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries business events to the edge (sockets) of this node. The edge subscribes here rather than
 * observing CDI events itself, because in an EAR the web module's observers do not see events fired
 * in the EJB module. In a cluster a relay ({@code ClusterBus}) also hands every event to the other
 * nodes, and brings theirs in through {@link #deliverFromOtherNode}.
 */
@ApplicationScoped
public class EventBus {

  private static final Logger LOG = Logger.getLogger(EventBus.class.getName());

  private final List<Consumer<KefuEvent>> subscribers = new CopyOnWriteArrayList<>();
  private volatile Consumer<KefuEvent> relay;

  public void subscribe(Consumer<KefuEvent> subscriber) {
    subscribers.add(subscriber);
  }

  public void unsubscribe(Consumer<KefuEvent> subscriber) {
    subscribers.remove(subscriber);
  }

  /**
   * Committed changes reach the edge only once their transaction has succeeded. Outside of it: the
   * subscribers call beans that need a transaction of their own, and WildFly, unlike Payara, leaves
   * the committed one on the thread while it notifies, where their calls would try to join it.
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) KefuEvent event) {
    publish(event);
  }

  /**
   * Hands every event published on this node to {@code relay} as well (null: none). The relay must
   * not block: it runs on the thread that committed.
   */
  public void relayTo(Consumer<KefuEvent> relay) {
    this.relay = relay;
  }

  /** Delivers at once; for ephemeral events that are not part of a transaction. */
  public void publish(KefuEvent event) {
    // The relay first: it only queues the event, while this node's delivery may read the database.
    Consumer<KefuEvent> to = relay;
    if (to != null) {
      try {
        to.accept(event);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "event relay failed on " + event.getClass().getSimpleName(), e);
      }
    }
    deliver(event);
  }

  /** Delivers an event that another node published, to this node's subscribers only. */
  public void deliverFromOtherNode(KefuEvent event) {
    deliver(event);
  }

  /**
   * Every subscriber gets the event, whatever another one threw: one failing receiver must never
   * keep the others from hearing of a committed change.
   */
  private void deliver(KefuEvent event) {
    for (Consumer<KefuEvent> subscriber : subscribers) {
      try {
        subscriber.accept(event);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "event subscriber failed on " + event.getClass().getSimpleName(), e);
      }
    }
  }
}
