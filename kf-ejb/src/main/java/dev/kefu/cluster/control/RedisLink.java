package dev.kefu.cluster.control;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's two connections to Redis: one for commands and publishing, one subscribed to the
 * event channel. Lettuce reconnects them by itself (and subscribes again); while Redis is away,
 * commands fail at once instead of piling up in memory, because what they carry is either live
 * pushes that clients make up for from the database, or presence that the next heartbeat writes
 * again. A link that could not be made at start is tried again on every {@link #connect}.
 */
public final class RedisLink implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  private final RedisClient client;
  private final String channel;
  private final Consumer<String> onMessage;
  private volatile StatefulRedisConnection<String, String> commands;
  private volatile StatefulRedisPubSubConnection<String, String> subscription;

  public RedisLink(String url, String channel, Consumer<String> onMessage) {
    this.client = RedisClient.create(RedisURI.create(url));
    this.client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
            .build());
    this.channel = channel;
    this.onMessage = onMessage;
  }

  /** Makes the connections that are missing; answers whether both are there now. */
  public synchronized boolean connect() {
    try {
      if (commands == null) {
        commands = client.connect();
        commands.setTimeout(COMMAND_TIMEOUT);
      }
      if (subscription == null) {
        StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        sub.addListener(
            new RedisPubSubAdapter<>() {
              @Override
              public void message(String from, String message) {
                if (channel.equals(from)) {
                  onMessage.accept(message);
                }
              }
            });
        sub.sync().subscribe(channel);
        subscription = sub;
        LOG.info(() -> "connected to Redis, subscribed to " + channel);
      }
      return true;
    } catch (RedisException e) {
      LOG.log(Level.WARNING, "cannot reach Redis; trying again: " + e.getMessage());
      return false;
    }
  }

  /** Whether the command connection is up right now. */
  public boolean isUp() {
    StatefulRedisConnection<String, String> c = commands;
    return c != null && c.isOpen();
  }

  /** Synchronous commands; they throw a {@link RedisException} while Redis is away. */
  public RedisCommands<String, String> sync() {
    StatefulRedisConnection<String, String> c = commands;
    if (c == null) {
      throw new RedisException("not connected to Redis");
    }
    return c.sync();
  }

  /** Publishes without waiting; {@code failed} hears of a message that did not go out. */
  public void publish(String message, Consumer<Throwable> failed) {
    StatefulRedisConnection<String, String> c = commands;
    if (c == null) {
      failed.accept(new RedisException("not connected to Redis"));
      return;
    }
    c.async()
        .publish(channel, message)
        .whenComplete(
            (receivers, error) -> {
              if (error != null) {
                failed.accept(error);
              }
            });
  }

  @Override
  public synchronized void close() {
    try {
      if (subscription != null) {
        subscription.close();
      }
      if (commands != null) {
        commands.close();
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
