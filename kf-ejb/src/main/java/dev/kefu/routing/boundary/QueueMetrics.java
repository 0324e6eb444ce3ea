package dev.kefu.routing.boundary;

import dev.kefu.metrics.boundary.Metrics;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * The queues in the metrics: how many conversations wait for an agent, in every department of every
 * tenant, and how long the one waiting longest has waited. Read from the database when the metrics
 * are read, at most once a second, so every node reports the same installation-wide figures (take
 * one node's, or the maximum, not their sum).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class QueueMetrics {

  private static final Duration FRESH = Duration.ofSeconds(1);

  @Inject Metrics metrics;
  @Inject Queues queues;

  private Queues.Waiting last;
  private Instant readAt = Instant.EPOCH;

  @PostConstruct
  void register() {
    metrics.gauge(
        "kefu_queue_conversations",
        "Conversations waiting for an agent, in the whole installation.",
        () -> waiting().count());
    metrics.gauge(
        "kefu_queue_oldest_wait_seconds",
        "How long the conversation waiting longest for an agent has waited (0: none waits).",
        () -> {
          Queues.Waiting now = waiting();
          return now.oldest() == null
              ? 0
              : Math.max(0, Duration.between(now.oldest(), Instant.now()).toMillis() / 1000.0);
        });
  }

  private synchronized Queues.Waiting waiting() {
    Instant now = Instant.now();
    if (last == null || readAt.plus(FRESH).isBefore(now)) {
      last = queues.waitingEverywhere();
      readAt = now;
    }
    return last;
  }
}
