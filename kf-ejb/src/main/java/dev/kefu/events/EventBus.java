package dev.kefu.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries business events to the edge (sockets) of this node. The edge subscribes here rather than
 * observing CDI events itself, because in an EAR the web module's observers do not see events fired
 * in the EJB module; a cross-node transport plugs in here as well.
 */
@ApplicationScoped
public class EventBus {

  private static final Logger LOG = Logger.getLogger(EventBus.class.getName());

  private final List<Consumer<KefuEvent>> subscribers = new CopyOnWriteArrayList<>();

  public void subscribe(Consumer<KefuEvent> subscriber) {
    subscribers.add(subscriber);
  }

  public void unsubscribe(Consumer<KefuEvent> subscriber) {
    subscribers.remove(subscriber);
  }

  /** Committed changes reach the edge only once their transaction has succeeded. */
  void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) KefuEvent event) {
    publish(event);
  }

  /** Delivers at once; for ephemeral events that are not part of a transaction. */
  public void publish(KefuEvent event) {
    for (Consumer<KefuEvent> subscriber : subscribers) {
      try {
        subscriber.accept(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "event subscriber failed on " + event.getClass().getSimpleName(), e);
      }
    }
  }
}
