package dev.kefu.reception.boundary;

import dev.kefu.tenant.boundary.GroupCommit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The group commit of hellos: visitors who say {@code hello} while the node is greeting others are
 * greeted together, in one transaction ({@link Reception#greetAll}), and each socket gets its
 * welcome after that commit.
 *
 * <p>A hello greeted alone costs a transaction of its own, and most of what a hello costs the node
 * is the container's work around that transaction, a connection from the pool and a commit. When
 * thousands of visitors arrive at once (a sale) or come back at once (their node died), most hellos
 * arrive while others are being greeted: a few writer threads ({@code kf.hellos.writers}, 2) each
 * take every waiting hello of a tenant, up to {@value GroupCommit#MAX_GROUP}, and greet them
 * together. A hello with an identity, each of a group refused as a whole, and every hello when
 * {@code kf.hellos.writers=0}, are greeted alone, as before.
 */
@ApplicationScoped
public class Greetings {

  @Resource ManagedThreadFactory threads;
  @Inject Reception reception;

  @Inject
  @ConfigProperty(name = "kf.hellos.writers", defaultValue = "2")
  int writers;

  private GroupCommit<Reception.Greeting, Welcome> hellos;

  @PostConstruct
  void start() {
    if (writers > 0 && threads != null) {
      hellos = new GroupCommit<>(writers, threads, reception::greetAll);
    }
  }

  @PreDestroy
  void stop() {
    if (hellos != null) {
      hellos.stop();
    }
  }

  /**
   * Greets the visitor as {@link Reception#greet} does, in the group of hellos being greeted with
   * theirs; returns after its commit. Called in the site's tenant scope.
   */
  public Welcome greet(String siteId, Hello hello) {
    Welcome welcome =
        hellos == null || hello.greetedAlone()
            ? null
            : hellos.submit(new Reception.Greeting(siteId, hello));
    return welcome != null ? welcome : reception.greet(siteId, hello);
  }
}
