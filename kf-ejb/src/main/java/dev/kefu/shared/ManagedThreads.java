package dev.kefu.shared;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ThreadFactory;

/**
 * The server's managed thread factory, for code outside this module that needs a thread of its own
 * which calls the business: its threads carry the application's context, so that their calls to
 * session beans work as from a request.
 *
 * <p>Handed out from here because in the EAR the socket module's classes are a library, where the
 * server injects no {@code @Resource} into a CDI bean (the deployment fails).
 */
@ApplicationScoped
public class ManagedThreads {

  @Resource ManagedThreadFactory threads;

  /** The factory of managed threads. */
  public ThreadFactory factory() {
    return threads;
  }
}
