package dev.kefu.chat.boundary;

import dev.kefu.chat.control.ChatLimits;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives the WebSocket container a plain scheduler for its sockets' idle timers.
 *
 * <p>Tyrus (the WebSocket implementation of Payara and GlassFish) restarts a socket's idle timer on
 * every frame in and every frame out, and schedules it on the server's default managed scheduled
 * executor. That executor captures the scheduling thread's context for each task, and Payara looks
 * up the context providers with a {@code ServiceLoader} over every jar of the server and the
 * application each time: on a busy node about 30 % of all CPU went there (docs/benchmarks.md). The
 * scheduler given here captures nothing per task: its one thread comes from the application's
 * managed thread factory and is started while the application starts, so an idle socket is still
 * closed (and its {@code @OnClose} run) with the application's context. A timer that a frame
 * restarts is cancelled and removed from the queue at once, so the queue holds one task per open
 * socket, not one per frame.
 *
 * <p>The container's own field is replaced, since the WebSocket API has no setting for it. On a
 * server whose container is not Tyrus, or a Tyrus without that field, nothing is changed and the
 * timers run on what the container chose (logged once).
 */
public class SocketTimer implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(SocketTimer.class.getName());
  private static final String TYRUS_CONTAINER = "org.glassfish.tyrus.core.BaseContainer";
  private static final String TYRUS_SCHEDULER = "managedScheduledExecutorService";

  @Resource ManagedThreadFactory threads;
  @Inject ChatLimits limits;

  private ScheduledThreadPoolExecutor timer;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
    if (container instanceof ServerContainer server) {
      // Tyrus starts each socket's timer with the container's default before the endpoint sets
      // its own. With the default at 0 that first timer is due at once, and when it ran after the
      // endpoint had set its timeout, it closed the new socket as idle.
      server.setDefaultMaxSessionIdleTimeout(limits.idleTimeoutMillis());
    }
    Field scheduler = schedulerOf(container);
    if (scheduler == null) {
      LOG.info(
          "the WebSocket container "
              + (container == null ? "is not known" : container.getClass().getName())
              + "; socket idle timers stay on its own scheduler");
      return;
    }
    timer = new ScheduledThreadPoolExecutor(1, threads);
    timer.setRemoveOnCancelPolicy(true);
    timer.prestartAllCoreThreads();
    try {
      scheduler.set(container, timer);
    } catch (IllegalAccessException | RuntimeException refused) {
      LOG.log(Level.INFO, "socket idle timers stay on the container's scheduler", refused);
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Tyrus's field for the scheduler its sessions take their timers from, opened; else null. */
  private static Field schedulerOf(Object container) {
    for (Class<?> type = container == null ? null : container.getClass();
        type != null;
        type = type.getSuperclass()) {
      if (type.getName().equals(TYRUS_CONTAINER)) {
        try {
          Field field = type.getDeclaredField(TYRUS_SCHEDULER);
          if (!field.getType().equals(ScheduledExecutorService.class)) {
            return null;
          }
          field.setAccessible(true);
          return field;
        } catch (NoSuchFieldException | RuntimeException absent) {
          return null;
        }
      }
    }
    return null;
  }
}
