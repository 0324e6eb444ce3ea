package dev.kefu.setup.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Kefu's database, the data source the server binds as {@code jdbc/kefu}, as the persistence unit
 * names it. Looked up, not injected with {@code @Resource(lookup = "jdbc/kefu")}: Payara Server and
 * GlassFish resolve that name among the server's resources, WildFly in the component's own {@code
 * java:comp/env}, where nothing is bound; a lookup in the initial context finds the server's
 * resource on each (on WildFly, a data source bound as {@code java:/jdbc/kefu}).
 */
@ApplicationScoped
public class KefuDataSource {

  public static final String JNDI_NAME = "jdbc/kefu";

  @Produces
  DataSource dataSource() {
    try {
      return InitialContext.doLookup(JNDI_NAME);
    } catch (NamingException e) {
      throw new IllegalStateException(
          "no data source is bound as " + JNDI_NAME + " (docs/deploy-payara-server.md)", e);
    }
  }
}
