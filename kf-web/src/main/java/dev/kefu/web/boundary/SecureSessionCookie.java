package dev.kefu.web.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code kf.http.require-tls=true} the session cookie ({@code KFSESSION}) is always {@code
 * Secure}, also behind a reverse proxy that ends TLS, where the server itself sees plain HTTP:
 * {@link TransportSecurity} lets no plain request through, so a browser never needs it without TLS.
 * Otherwise it is {@code Secure} whenever the request came over TLS ({@code cookieSecure} in {@code
 * glassfish-web.xml}). Declared in {@code web.xml}; a session cookie can only be configured while
 * the application starts.
 */
public class SecureSessionCookie implements ServletContextListener {

  @Inject
  @ConfigProperty(name = "kf.http.require-tls", defaultValue = "false")
  boolean requireTls;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    if (requireTls) {
      event.getServletContext().getSessionCookieConfig().setSecure(true);
    }
  }
}
