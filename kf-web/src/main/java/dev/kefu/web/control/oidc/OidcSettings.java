package dev.kefu.web.control.oidc;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How staff sign in: Kefu's own accounts ({@code kf.auth.mode=local}, the default) or the corporate
 * OpenID Connect provider ({@code oidc}), and where that provider is. See docs/keycloak.md.
 */
@ApplicationScoped
public class OidcSettings {

  private static final Logger LOG = Logger.getLogger(OidcSettings.class.getName());

  @Inject
  @ConfigProperty(name = "kf.auth.mode", defaultValue = "local")
  String mode;

  /** The issuer as it appears in tokens, e.g. {@code https://sso.example.com/realms/kefu}. */
  @Inject
  @ConfigProperty(name = "kf.oidc.issuer")
  Optional<String> issuer;

  /**
   * Where Kefu itself reaches the provider when that differs from the issuer the browsers see (a
   * Keycloak behind a reverse proxy, reached inside the network by another name).
   */
  @Inject
  @ConfigProperty(name = "kf.oidc.backchannel-url")
  Optional<String> backchannelUrl;

  @Inject
  @ConfigProperty(name = "kf.oidc.client-id", defaultValue = "kefu-console")
  String clientId;

  @Inject
  @ConfigProperty(name = "kf.oidc.client-secret")
  Optional<String> clientSecret;

  /** The audience that bearer tokens for {@code /api/v1} must name. */
  @Inject
  @ConfigProperty(name = "kf.oidc.api-audience", defaultValue = "kefu-api")
  String apiAudience;

  @Inject
  @ConfigProperty(name = "kf.oidc.roles-claim", defaultValue = "groups")
  String rolesClaim;

  @Inject
  @ConfigProperty(name = "kf.oidc.tenant-claim", defaultValue = "kf_tenant")
  String tenantClaim;

  /** How often a signed-in browser's session at the provider is checked. */
  @Inject
  @ConfigProperty(name = "kf.oidc.session-check-seconds", defaultValue = "300")
  long sessionCheckSeconds;

  /** The address people use to reach Kefu, when it is behind a reverse proxy. */
  @Inject
  @ConfigProperty(name = "kf.http.public-url")
  Optional<String> publicUrl;

  @PostConstruct
  void check() {
    if (enabled() && issuer.filter(i -> !i.isBlank()).isEmpty()) {
      LOG.severe("kf.auth.mode=oidc needs kf.oidc.issuer; staff cannot sign in until it is set");
    } else if (enabled()) {
      LOG.info(() -> "staff sign in with OpenID Connect at " + issuer());
    }
  }

  public boolean enabled() {
    return "oidc".equalsIgnoreCase(mode.strip());
  }

  public String issuer() {
    return strip(issuer.orElse(""));
  }

  /** The provider's address for Kefu's own calls, with the issuer's path. */
  public String backchannel(String url) {
    return backchannelUrl
        .filter(b -> !b.isBlank())
        .filter(b -> url.startsWith(issuer()))
        .map(b -> strip(b) + url.substring(issuer().length()))
        .orElse(url);
  }

  public String clientId() {
    return clientId;
  }

  public Optional<String> clientSecret() {
    return clientSecret.filter(s -> !s.isBlank());
  }

  public long sessionCheckSeconds() {
    return Math.max(10, sessionCheckSeconds);
  }

  public String apiAudience() {
    return apiAudience;
  }

  public String rolesClaim() {
    return rolesClaim;
  }

  public String tenantClaim() {
    return tenantClaim;
  }

  public Optional<String> publicUrl() {
    return publicUrl.filter(u -> !u.isBlank()).map(OidcSettings::strip);
  }

  private static String strip(String url) {
    String trimmed = url.strip();
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
