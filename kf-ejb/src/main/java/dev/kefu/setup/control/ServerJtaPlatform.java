package dev.kefu.setup.control;

import jakarta.transaction.TransactionManager;
import jakarta.transaction.UserTransaction;
import java.util.List;
import org.hibernate.engine.jndi.JndiException;
import org.hibernate.engine.transaction.jta.platform.internal.AbstractJtaPlatform;

/**
 * Hibernate's access to the application server's transaction manager, which Jakarta EE gives no
 * portable name: Payara Server and GlassFish bind it as {@code java:appserver/TransactionManager}
 * (Hibernate's {@code SunOneJtaPlatform}), WildFly as {@code java:jboss/TransactionManager}. The
 * first name that answers is used, so the same persistence unit runs on each (docs/portability.md).
 */
public final class ServerJtaPlatform extends AbstractJtaPlatform {

  static final List<String> TRANSACTION_MANAGERS =
      List.of("java:appserver/TransactionManager", "java:jboss/TransactionManager");
  static final List<String> USER_TRANSACTIONS =
      List.of("java:comp/UserTransaction", "java:jboss/UserTransaction");

  @Override
  protected TransactionManager locateTransactionManager() {
    return (TransactionManager) first(TRANSACTION_MANAGERS);
  }

  @Override
  protected UserTransaction locateUserTransaction() {
    return (UserTransaction) first(USER_TRANSACTIONS);
  }

  private Object first(List<String> names) {
    JndiException last = null;
    for (String name : names) {
      try {
        return jndiService().locate(name);
      } catch (JndiException notOnThisServer) {
        last = notOnThisServer;
      }
    }
    throw new JndiException("none of " + names + " is bound on this server", last);
  }
}
